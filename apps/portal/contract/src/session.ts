import { z } from "zod";
import { emailAddress } from "./fields.js";

// `GET` and `POST /api/session` answer the session every page runs in (the toolkit's, which
// @bernard/ui reads too).
export {
  portalSessionSchema,
  portalUserSchema,
  roleSchema,
  type PortalSession,
  type PortalUser,
  type Role,
} from "@bernard/toolkit/contract";

/** `POST /api/session`. */
export const signInBody = z.object({
  email: emailAddress("Enter your email address"),
  password: z
    .string()
    .min(1, "Enter your password")
    .max(1024, "Enter a correct email address and password."),
});
export type SignIn = z.infer<typeof signInBody>;

/** `POST /api/session/password`. */
export const changePasswordBody = z.object({
  currentPassword: z.string().min(1, "Enter your current password"),
  newPassword: z.string().min(1, "Enter a new password"),
});
export type PasswordChange = z.infer<typeof changePasswordBody>;

/** `GET /api/sign-in/methods`: whether the sign-in page offers single sign-on, and its button. */
export const signInMethodsSchema = z.object({
  singleSignOn: z.object({ label: z.string() }).nullable(),
});
export type SignInMethods = z.infer<typeof signInMethodsSchema>;

/** `GET /api/oidc/start`: the page to come back to after signing in. */
export const singleSignOnStartQuery = z.object({ next: z.string().optional() });
