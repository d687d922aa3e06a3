export {
  assertMayShare,
  canSee,
  isAdmin,
  personOf,
  viewerOf,
  visibleWhere,
  type Shared,
  type Sharing,
  type Viewer,
} from "./rule.js";
export {
  accessGuards,
  isUuid,
  requireAccessGuards,
  type AccessGuard,
  type AccessRule,
} from "./guard.js";
