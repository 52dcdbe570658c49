import type { Signer } from './signer.js';
import type { SubmitResult, Transport } from './transport.js';

/** Signs commands with one person's key and sends them. The CLI and the demo generator use it. */
export class AmanahClient {
  constructor(
    private readonly transport: Transport,
    readonly signer: Signer,
  ) {}

  async send(
    type: string,
    payload: Record<string, unknown>,
    opts: { id?: string; time?: Date; sv?: number } = {},
  ): Promise<SubmitResult> {
    const origin = await this.transport.origin();
    return this.transport.submit(this.signer.sign(origin, type, payload, opts));
  }

  /**
   * Signs and sends an event whose payload is given as its canonical JSON text (see
   * `Signer.signText`): the signed text is sent as it is.
   */
  async sendText(
    type: string,
    payloadText: string,
    opts: { id?: string; time?: Date; sv?: number } = {},
  ): Promise<SubmitResult> {
    const origin = await this.transport.origin();
    return this.transport.submitText(this.signer.signText(origin, type, payloadText, opts));
  }

  /** A client for another signer over the same transport. */
  as(signer: Signer): AmanahClient {
    return new AmanahClient(this.transport, signer);
  }
}
