import { z } from "zod";

/** This installation of Bernard, recorded on its first start. */
export const installationSchema = z.object({ id: z.uuid(), installedAt: z.iso.datetime() });
export type Installation = z.infer<typeof installationSchema>;

/** `GET /api/status`: what the home page shows about this installation. */
export const portalStatusSchema = z.object({
  service: z.string(),
  version: z.string(),
  installation: installationSchema.nullable(),
});
export type PortalStatus = z.infer<typeof portalStatusSchema>;

/** `GET /.well-known/jwks.json`: the public keys tools check the portal's user tokens with. */
export const jwksSchema = z.object({
  keys: z.array(z.unknown().describe("A public JSON Web Key (RFC 7517)")),
});
