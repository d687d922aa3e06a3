import { z } from "zod";

/** The `:token` of `/api/invitations/:token` (the one-time link's secret). */
export const invitationTokenParams = z.object({ token: z.string().min(20).max(100) });

/** `GET /api/invitations/:token`: whom the link was made for. */
export const invitationSchema = z.object({ email: z.string(), name: z.string() });
export type Invitation = z.infer<typeof invitationSchema>;

/** `POST /api/invitations/:token/accept`: the password they chose. */
export const acceptInvitationBody = z.object({ password: z.string().min(1, "Enter a password") });
export type InvitationAcceptance = z.infer<typeof acceptInvitationBody>;
