/**
 * The clerks' sign-ins: a Cognito user pool where the operator creates every user (no self sign-up), by
 * email, each with an immutable `custom:department` fixed at creation; an `operators` group; and the desk's
 * app client (no secret: a browser page), which signs in with the password and can never write the
 * department attribute. Retained with deletion protection: the users are data.
 */
import { Duration, RemovalPolicy, Validations } from "aws-cdk-lib";
import {
  AccountRecovery,
  CfnUserPoolGroup,
  ClientAttributes,
  FeaturePlan,
  Mfa,
  StringAttribute,
  UserPool,
  type UserPoolClient,
} from "aws-cdk-lib/aws-cognito";
import { Construct } from "constructs";
import { DEPARTMENT_ATTRIBUTE_NAME, OPERATORS_GROUP, USER_POOL } from "../../functions/user-pool";
import { MAIN_RESOURCE } from "./main-resource";

export interface DeskUserPoolProps {
  readonly stage: string;
}

/** The user pool, its desk client and its operators group. */
export class DeskUserPool extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;
  /** `https://cognito-idp.{region}.amazonaws.com/{poolId}`: the `iss` of its tokens. */
  readonly issuer: string;

  constructor(scope: Construct, id: string, props: DeskUserPoolProps) {
    super(scope, id);
    const password = USER_POOL.password;
    this.userPool = new UserPool(this, MAIN_RESOURCE, {
      userPoolName: `gongkai-${props.stage}-desk`,
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      customAttributes: {
        [DEPARTMENT_ATTRIBUTE_NAME]: new StringAttribute({ minLen: 1, maxLen: 63, mutable: false }),
      },
      passwordPolicy: {
        minLength: password.MinimumLength,
        requireUppercase: password.RequireUppercase,
        requireLowercase: password.RequireLowercase,
        requireDigits: password.RequireNumbers,
        requireSymbols: password.RequireSymbols,
        tempPasswordValidity: Duration.days(password.TemporaryPasswordValidityDays),
      },
      userInvitation: {
        emailSubject: "政府信息公开年报上传账号 / Your upload sign-in",
        emailBody:
          "您好：单位管理员已为您开通政府信息公开工作年度报告上传账号。<br>账号：{username}<br>临时密码：{####}<br>" +
          "首次登录时请设置新密码。<br><br>An operator created your sign-in for uploading the annual report. " +
          "Sign-in: {username} — temporary password: {####} (set a new one at the first sign-in).",
      },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      mfa: Mfa.OFF,
      featurePlan: FeaturePlan.ESSENTIALS,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.client = this.userPool.addClient("DeskClient", {
      userPoolClientName: `gongkai-${props.stage}-desk`,
      generateSecret: false,
      authFlows: { userPassword: true },
      preventUserExistenceErrors: true,
      idTokenValidity: Duration.minutes(USER_POOL.tokenValidityMinutes),
      accessTokenValidity: Duration.minutes(USER_POOL.tokenValidityMinutes),
      // The ID token carries the department; the page may read it, never write it.
      readAttributes: new ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true })
        .withCustomAttributes(DEPARTMENT_ATTRIBUTE_NAME),
      writeAttributes: new ClientAttributes(),
    });
    new CfnUserPoolGroup(this, "OperatorsGroup", {
      userPoolId: this.userPool.userPoolId,
      groupName: OPERATORS_GROUP,
      description: "Operators: may act for any department in the desk API",
    });
    this.issuer = this.userPool.userPoolProviderUrl;

    Validations.of(this.userPool).acknowledge({
      id: "AwsSolutions-COG2",
      reason:
        "No MFA: clerks sign in a few times a year to upload one annual report, from office machines that " +
        "often have no phone or authenticator app allowed. The pool admits only users the operator created for " +
        "a registered address (no self sign-up), a clerk can only act for the department fixed on the user, and " +
        "every upload is validated and mailed to the department's registered addresses.",
    });
    Validations.of(this.userPool).acknowledge({
      id: "AwsSolutions-COG8",
      reason:
        "Essentials rather than the Plus feature plan: Plus is billed per monthly active user (a country's " +
        "200,000 departments' clerks) for adaptive authentication and compromised-credential checks. Sign-in is " +
        "by operator invitation only, passwords follow the strong policy, and a stolen sign-in can upload only " +
        "a report for its own department that is validated and announced to that department's addresses.",
    });
  }
}
