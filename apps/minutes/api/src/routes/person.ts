import type { UserClaims } from "@bernard/toolkit";
import type { Person } from "../services/change-log.js";
import type { Viewer } from "../services/access.js";

/** The signed-in person, as services take them (authentication has run on every route). */
export const personOf = (request: { user: UserClaims | null }): Person & Viewer => ({
  id: request.user!.sub,
  name: request.user!.name,
  groups: request.user!.groups,
});
