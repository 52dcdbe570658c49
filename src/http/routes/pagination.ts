import { z } from 'zod';

/** `offset` and `limit` query parameters shared by the list routes. */
export const page = {
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(100),
};
