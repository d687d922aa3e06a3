import type { FastifyInstance, FastifyRequest, RouteOptions } from "fastify";
import { AppError } from "../errors.js";
import { viewerOf, type Viewer } from "./rule.js";

declare module "fastify" {
  interface FastifyContextConfig {
    /**
     * `"not-scoped"`: the route's path parameters name nothing a person's access depends on, so
     * it needs no access guard (see requireAccessGuards).
     */
    access?: "not-scoped";
  }
}

const GUARDS = Symbol("access guard");

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Whether a string is a UUID, as the IDs of what tools store are. */
export const isUuid = (id: string): boolean => UUID.test(id);

/** A tool's rule for one kind of thing: whether the person may see the one with this ID. */
export interface AccessRule<Kind extends string> {
  canSee(viewer: Viewer, kind: Kind, id: string): Promise<boolean>;
  /** Whether `id` could name anything at all (by default: it is a UUID). */
  isId?: (id: string) => boolean;
}

/** A guard for one route: runs before validation and refuses, as "not found", what the person may not see. */
export type AccessGuard = ((request: FastifyRequest) => Promise<void>) & {
  readonly [GUARDS]: { kind: string; param: string };
};

/**
 * Guards a route hangs on itself, `preValidation: canSee("consultation")`, so that reading the
 * route says who may call it. Default deny: no signed-in person, an ID that cannot name
 * anything, or anything the rule does not allow is answered 404, so what a person may not see
 * does not even show that it exists; validation runs after, so they learn nothing of the route
 * either.
 */
export function accessGuards<Kind extends string>(rule: AccessRule<Kind>) {
  const { isId = isUuid } = rule;
  return {
    /** Checks the route's `param` (default `id`) names a `kind` the person may see. */
    canSee: (kind: Kind, param = "id"): AccessGuard => {
      const guard = async (request: FastifyRequest) => {
        // Authentication runs first on every route; no user here means a route that skipped it.
        if (!request.user) {
          throw new AppError(
            401,
            "UNAUTHENTICATED",
            "Sign in through the Bernard portal to continue.",
          );
        }
        const id = (request.params as Record<string, string | undefined>)[param];
        if (!id || !isId(id) || !(await rule.canSee(viewerOf(request.user), kind, id))) {
          throw AppError.notFound(`There is no such ${kind}. It may have been deleted.`);
        }
      };
      return Object.assign(guard, { [GUARDS]: { kind, param } });
    },
  };
}

const guardsOf = (route: RouteOptions) =>
  [route.preValidation ?? []]
    .flat()
    .flatMap((hook) => (GUARDS in hook ? [(hook as AccessGuard)[GUARDS]] : []));

/**
 * Every route added to `scope` after this that has a path parameter must guard it
 * (`preValidation: canSee(…)`) or say `config: { access: "not-scoped" }`; otherwise the server
 * refuses to start, naming the route. A route cannot be added without deciding who may call it.
 */
export function requireAccessGuards(scope: FastifyInstance): void {
  scope.addHook("onRoute", (route: RouteOptions) => {
    const params = [...route.url.matchAll(/:(\w+)/g)].map((match) => match[1]!);
    if (params.length === 0 || route.config?.access === "not-scoped") return;
    const guards = guardsOf(route);
    const where = `${String(route.method)} ${route.url}`;
    if (guards.length === 0) {
      throw new Error(
        `${where} has a path parameter but no access guard: add preValidation: canSee(…), or config: { access: "not-scoped" } if its parameters name nothing shared.`,
      );
    }
    const unknown = guards.find((guard) => !params.includes(guard.param));
    if (unknown) {
      throw new Error(
        `${where}: its access guard checks :${unknown.param}, which it does not have.`,
      );
    }
  });
}
