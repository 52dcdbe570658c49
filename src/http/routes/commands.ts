import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { envelopeSchema } from '../../domain/envelope.js';

const accepted = z.object({
  index: z.number().int().describe("the event's index in the log"),
  id: z.string(),
  type: z.string(),
  status: z.enum(['accepted', 'duplicate']),
});

export const commandRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/commands',
    {
      schema: {
        summary: 'Submit a signed command',
        description:
          'The body is an event envelope signed by the actor\'s Ed25519 key over "amanah/event/v1\\n" + origin + "\\n" + JCS(envelope without sig). GET /api/v1/event-types lists the types and their payload schemas. Resending the same signed command is safe: it answers 200 with status "duplicate" and changes nothing.',
        tags: ['commands'],
        body: envelopeSchema,
        response: { 200: accepted, 201: accepted },
      },
      // The command service validates the envelope itself, so a refusal carries its specific code
      // (SIGNATURE_MISSING, UNKNOWN_EVENT_TYPE …); the schema above documents the contract.
      validatorCompiler: () => (data) => ({ value: data }),
    },
    async (req, reply) => {
      const r = await app.amanah.commands.submit(req.body);
      return reply.status(r.status === 'accepted' ? 201 : 200).send(r);
    },
  );
};
