import { randomInt } from "node:crypto";
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  type CognitoIdentityProviderClient,
} from "@aws-sdk/client-cognito-identity-provider";
import type { Invitation, SignIns } from "../departments/ports";
import { DEPARTMENT_ATTRIBUTE } from "../user-pool";

/** How invitations reach the clerk: Cognito's own mail (AWS), or handed back to be printed (local). */
export type InvitationDelivery = "email" | "print";

/**
 * Sign-ins in a Cognito user pool (or cognito-local): one user per address, named by the address, with
 * `custom:department` set at creation (immutable afterwards) and a temporary password that must be
 * changed at the first sign-in (NEW_PASSWORD_REQUIRED).
 */
export class CognitoSignIns implements SignIns {
  constructor(
    private readonly client: CognitoIdentityProviderClient,
    private readonly userPoolId: string,
    private readonly delivery: InvitationDelivery,
  ) {}

  async invite(email: string, department: string): Promise<Invitation> {
    const existing = await this.departmentOf(email);
    if (existing !== undefined) {
      return existing === department
        ? { status: "exists" }
        : { status: "other_department", department: existing };
    }
    const temporaryPassword = this.delivery === "print" ? temporaryPasswordFor() : undefined;
    await this.client.send(
      new AdminCreateUserCommand({
        UserPoolId: this.userPoolId,
        Username: email,
        UserAttributes: [
          { Name: "email", Value: email },
          // The operator registered the address: it is the department's, no confirmation mail needed.
          { Name: "email_verified", Value: "true" },
          { Name: DEPARTMENT_ATTRIBUTE, Value: department },
        ],
        ...(temporaryPassword
          ? { TemporaryPassword: temporaryPassword, MessageAction: "SUPPRESS" }
          : { DesiredDeliveryMediums: ["EMAIL"] }),
      }),
    );
    return { status: "created", temporaryPassword: temporaryPassword ?? null };
  }

  async reissue(email: string): Promise<string | null> {
    if (this.delivery === "email") {
      await this.client.send(
        new AdminCreateUserCommand({
          UserPoolId: this.userPoolId,
          Username: email,
          MessageAction: "RESEND",
          DesiredDeliveryMediums: ["EMAIL"],
        }),
      );
      return null;
    }
    const temporaryPassword = temporaryPasswordFor();
    await this.client.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: this.userPoolId,
        Username: email,
        Password: temporaryPassword,
        Permanent: false,
      }),
    );
    return temporaryPassword;
  }

  /** The department of the address's existing user (null: a user without one), undefined: no user. */
  async departmentOf(email: string): Promise<string | null | undefined> {
    try {
      const user = await this.client.send(
        new AdminGetUserCommand({ UserPoolId: this.userPoolId, Username: email }),
      );
      return user.UserAttributes?.find((attribute) => attribute.Name === DEPARTMENT_ATTRIBUTE)?.Value ?? null;
    } catch (error) {
      if ((error as Error).name === "UserNotFoundException") return undefined;
      throw error;
    }
  }
}

/** 16 characters with every class the pool's password policy asks for. */
function temporaryPasswordFor(): string {
  const classes = ["ABCDEFGHJKLMNPQRSTUVWXYZ", "abcdefghijkmnpqrstuvwxyz", "23456789", "!#%+-=?@"];
  const all = classes.join("");
  const chars = classes.map((set) => set[randomInt(set.length)]!);
  while (chars.length < 16) chars.push(all[randomInt(all.length)]!);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join("");
}
