import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import type { FastifyInstance } from "fastify";
import { jsonSchemaTransform } from "fastify-type-provider-zod";
import type { ToolManifest } from "../../manifest.js";

/** The OpenAPI document, generated from the routes' zod schemas, and a docs page to read it. */
export async function registerOpenApi(
  server: FastifyInstance,
  manifest: ToolManifest,
): Promise<void> {
  await server.register(swagger, {
    openapi: {
      info: {
        title: `${manifest.name} API`,
        description: manifest.description,
        version: manifest.version,
      },
    },
    transform: jsonSchemaTransform,
  });
  await server.register(swaggerUi, {
    routePrefix: `${manifest.basePath}api/docs`,
    staticCSP: true,
    transformStaticCSP: (header) =>
      header.replace("default-src 'self'", "default-src 'self'; frame-ancestors 'none'"),
  });
}
