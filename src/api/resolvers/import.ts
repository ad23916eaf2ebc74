// The importData mutation: a small payload through the same parsers and store as `topolens import`.
import { z } from 'zod';
import type { ApiContext } from '../context.js';
import { badInput } from '../errors.js';

export const MAX_IMPORT_BYTES = 512 * 1024;

const ImportDataInput = z.object({
  format: z.string().min(1).max(64).nullish(),
  content: z.string().min(1, 'content is empty').refine((c) => Buffer.byteLength(c) <= MAX_IMPORT_BYTES, `content is over ${MAX_IMPORT_BYTES} bytes; use \`topolens import\` for files`),
  name: z.string().min(1).max(256).regex(/^[\w.\-/ ]+$/, 'name may hold letters, digits, space and . _ - /').nullish(),
  hostname: z.string().min(1).max(256).nullish(),
});

export const importResolvers = {
  Mutation: {
    async importData(_: unknown, args: { input: unknown }, ctx: ApiContext) {
      const parsed = ImportDataInput.safeParse(args.input);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw badInput(`input.${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`, `input.${issue?.path.join('.') ?? ''}`);
      }
      const { format, content, name, hostname } = parsed.data;
      const results = await ctx.importContent(name ?? 'graphql-import', content, {
        ...(format ? { format } : {}),
        ...(hostname ? { hostname } : {}),
      });
      return results.map((r) => ({
        file: r.file,
        format: r.format,
        counts: Object.entries(r.counts).map(([kind, count]) => ({ kind, count })),
        warnings: r.warnings.map((w) => ({ line: w.line ?? null, record: w.record ?? null, message: w.message })),
      }));
    },
  },
};
