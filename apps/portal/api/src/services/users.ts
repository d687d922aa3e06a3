import { hashPassword, passwordProblems } from "@bernard/auth";
import { AppError } from "@bernard/toolkit";
import type { PortalDatabase } from "./database.js";

export type Role = "user" | "admin";

export interface PublicUser {
  id: string;
  email: string;
  name: string;
  role: Role;
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function toPublicUser(user: PublicUser): PublicUser {
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

/** Creates an account; the password must pass the password policy. */
export async function createUser(
  db: PortalDatabase,
  input: { email: string; name: string; role: Role; password: string },
): Promise<PublicUser> {
  const email = normaliseEmail(input.email);
  const problems = passwordProblems(input.password, { email, serviceName: "Bernard" });
  if (problems.length > 0)
    throw AppError.badRequest(problems[0]!, [{ field: "password", message: problems[0] }]);
  if (await db.user.findUnique({ where: { email } })) {
    throw AppError.conflict(`There is already an account for ${email}.`);
  }
  const user = await db.user.create({
    data: {
      email,
      name: input.name,
      role: input.role,
      passwordHash: await hashPassword(input.password),
    },
  });
  return toPublicUser(user);
}
