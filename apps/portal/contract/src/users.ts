import { z } from "zod";
import { emailAddress } from "./fields.js";
import { roleSchema } from "./session.js";

/** The `:id` of `/api/admin/users/:id/…`. */
export const userIdParams = z.object({ id: z.uuid("a user ID is a UUID") });

/** One person who can sign in: `PATCH /api/admin/users/:id` answers one. */
export const managedUserSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: roleSchema,
  active: z.boolean(),
  /** The names of their groups. */
  groups: z.array(z.string()),
  /** Invited and not yet signed up. */
  invited: z.boolean(),
  createdAt: z.string(),
  /** Until when signing in is throttled after many wrong passwords, else null. */
  signInThrottledUntil: z.string().nullable(),
});
export type ManagedUser = z.infer<typeof managedUserSchema>;

/** `GET /api/admin/users`: everyone who can sign in. */
export const managedUsersSchema = z.array(managedUserSchema);

/** `PATCH /api/admin/users/:id`. */
export const userChangeBody = z.object({
  role: roleSchema.optional(),
  active: z.boolean().optional(),
});
export type UserChange = z.infer<typeof userChangeBody>;

/** `POST /api/admin/users/invitations`. */
export const invitationBody = z.object({
  email: emailAddress("Enter their email address"),
  name: z
    .string()
    .trim()
    .min(1, "Enter their name")
    .max(100, "Name must be 100 characters or fewer"),
  role: roleSchema.default("user"),
});
export type NewInvitation = z.input<typeof invitationBody>;

/**
 * The one-time link an admin passes on, for an invitation or a password reset (both open the
 * same page): `POST /api/admin/users/invitations` and `/api/admin/users/:id/password-reset`.
 */
export const oneTimeLinkSchema = z.object({
  email: z.string(),
  link: z.string(),
  expiresAt: z.string(),
});
export type OneTimeLink = z.infer<typeof oneTimeLinkSchema>;

/** A group of people, with how many are in it: `POST /api/admin/groups` answers the new one. */
export const groupSchema = z.object({ id: z.string(), name: z.string(), members: z.number() });
export type Group = z.infer<typeof groupSchema>;

/** `GET /api/admin/groups`. */
export const groupsSchema = z.array(groupSchema);

/** `POST /api/admin/groups`. */
export const newGroupBody = z.object({
  name: z
    .string()
    .trim()
    .min(1, "Enter a name for the group")
    .max(80, "Group names must be 80 characters or fewer"),
});
export type NewGroup = z.infer<typeof newGroupBody>;

/** `PUT /api/admin/users/:id/groups`: the groups they are in afterwards, replacing the rest. */
export const userGroupsBody = z.object({ groupIds: z.array(z.uuid()).max(200) });
export type UserGroupsChange = z.infer<typeof userGroupsBody>;

/** What `PUT /api/admin/users/:id/groups` answers: the names of their groups. */
export const userGroupsSchema = z.object({ groups: z.array(z.string()) });
