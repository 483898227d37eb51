/** Domain types shared by main and renderer. Imports nothing of ours but other shared/ files. */
export const ROLES = ["clerk", "manager", "auditor", "admin"] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export type UserStatus = "active" | "disabled";

declare const brand: unique symbol;
export type Brand<T, B extends string> = T & { readonly [brand]: B };
export type UserId = Brand<string, "UserId">;
export type VaultId = Brand<string, "VaultId">;

export interface UserSummary {
  id: UserId;
  name: string;
  role: Role;
  status: UserStatus;
  mustChangePassword: boolean;
  canReveal: boolean;
  createdAt: string;
}
