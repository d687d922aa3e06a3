import { z } from "zod";
import { emailAddress } from "./fields.js";

export const roleSchema = z.enum(["user", "admin"]);
export type Role = z.infer<typeof roleSchema>;

/** Someone signed in to the portal. */
export const portalUserSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: roleSchema,
});
export type PortalUser = z.infer<typeof portalUserSchema>;

/** `GET` and `POST /api/session`: who is signed in, and the token every change must carry. */
export const portalSessionSchema = z.object({ user: portalUserSchema, csrfToken: z.string() });
export type PortalSession = z.infer<typeof portalSessionSchema>;

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
