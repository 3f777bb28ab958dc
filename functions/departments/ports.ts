/** How a department's addresses get their sign-ins (the user pool), as the operator's commands use it. */

/** What became of one address's sign-in. */
export type Invitation =
  /** Created. On AWS Cognito mails the invitation; locally the temporary password is handed back to print. */
  | { status: "created"; temporaryPassword: string | null }
  /** The address already signs in for this department. */
  | { status: "exists" }
  /** The address signs in for another department: a department is fixed for good when a user is created. */
  | { status: "other_department"; department: string | null };

export interface SignIns {
  /** The department an address signs in for: undefined when it has no sign-in, null for one bound to none. */
  departmentOf(email: string): Promise<string | null | undefined>;
  /** Creates a sign-in for `email`, bound to `department`, that must set a new password at first sign-in. */
  invite(email: string, department: string): Promise<Invitation>;
  /**
   * Invites an existing sign-in again with a new temporary password (a clerk who lost the invitation). On
   * AWS Cognito mails it (null); locally it is handed back to print.
   */
  reissue(email: string): Promise<string | null>;
}
