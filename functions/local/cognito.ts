/**
 * The local user pool: cognito-local (a Cognito-compatible server from npm) in this process, on 127.0.0.1
 * only, its state under the local stack's home; and the pool, app client and `operators` group the desk
 * uses, created as the CDK app declares them (sign-in by email, no self sign-up, an immutable
 * `custom:department`).
 *
 * Local quirks handled or worth knowing:
 * - cognito-local's own start-up (`createDefaultServer`) keeps its state in `./.cognito` of the working
 *   directory and loads aws-sdk v2; here its parts are put together with the state directory given, and
 *   without the Lambda-trigger and KMS clients (no triggers are configured).
 * - Its tokens name `TokenConfig.IssuerDomain` as issuer: set to this server's own URL once it listens, so
 *   `iss` is `http://127.0.0.1:{port}/{poolId}` and the JWKS is at `{iss}/.well-known/jwks.json`, as on AWS.
 * - It signs every token with one RSA key shipped in the package: fine on loopback, never a secret.
 * - It supports USER_PASSWORD_AUTH only (no SRP), and answers a user who must change the temporary
 *   password with NEW_PASSWORD_REQUIRED without checking it: locally, knowing the address is enough to
 *   set the first password. On AWS the temporary password is checked.
 */
import type { Server } from "node:http";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import {
  type CognitoIdentityProviderClient,
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { DEPARTMENT_ATTRIBUTE_NAME, OPERATORS_GROUP, USER_POOL } from "../user-pool";

const HOST = "127.0.0.1";
const require = createRequire(import.meta.url);
const lib = (path: string) => require(`cognito-local/lib/${path}`);

export interface LocalCognito {
  endpoint: string;
  stop(): Promise<void>;
}

/** cognito-local on `port` (0: any free one; a taken one is replaced by a free one). */
export async function startCognitoLocal(directory: string, port: number): Promise<LocalCognito> {
  const { createServer: cognitoServer } = lib("server/server");
  const { Router } = lib("server/Router");
  const { DefaultConfig } = lib("server/config");
  const services = lib("services");
  const { CognitoServiceFactoryImpl } = lib("services/cognitoService");
  const { StormDBDataStoreFactory } = lib("services/dataStore/stormDb");
  const { UserPoolServiceFactoryImpl } = lib("services/userPoolService");
  const { JwtTokenGenerator } = lib("services/tokenGenerator");
  const { MessageDeliveryService } = lib("services/messageDelivery/messageDelivery");
  const { otp } = lib("services/otp");
  const pino = createRequire(require.resolve("cognito-local"))("pino") as (options: object) => unknown;

  const logger = pino({ level: "silent" });
  const ctx = { logger };
  const clock = new services.DateClock();
  const dataStores = new StormDBDataStoreFactory(`${directory}/db`);
  const cognito = await new CognitoServiceFactoryImpl(
    `${directory}/db`,
    dataStores,
    new UserPoolServiceFactoryImpl(clock, dataStores),
  ).create(ctx, DefaultConfig.UserPoolDefaults);
  // No triggers are configured: the Lambda client and the KMS crypto are never called.
  const triggers = new services.TriggersService(clock, cognito, new services.LambdaService({}, {}), {});
  // Invitations are printed by `gongkai department add`, not by cognito-local.
  const silent = { sendEmail: async () => {}, sendSms: async () => {} };
  const tokenConfig = { IssuerDomain: "" };
  const config = { ...DefaultConfig, TokenConfig: tokenConfig, TriggerFunctions: {} };
  const all = {
    clock,
    cognito,
    config,
    messages: new services.MessagesService(triggers, new MessageDeliveryService(silent)),
    otp,
    tokenGenerator: new JwtTokenGenerator(clock, triggers, tokenConfig),
    triggers,
  };
  const app = cognitoServer(Router(all), logger, { development: false }, all).application;
  const server = createServer(app);
  const listening = await listen(server, port);
  tokenConfig.IssuerDomain = `http://${HOST}:${listening}`;
  return {
    endpoint: tokenConfig.IssuerDomain,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function listen(server: Server, port: number): Promise<number> {
  const once = (p: number) =>
    new Promise<number>((resolve, reject) => {
      server.once("error", reject);
      server.listen(p, HOST, () => {
        server.off("error", reject);
        resolve((server.address() as AddressInfo).port);
      });
    });
  return once(port).catch((error: NodeJS.ErrnoException) => {
    if (port !== 0 && error.code === "EADDRINUSE") return once(0);
    throw error;
  });
}

/** The pool and app client the desk signs in with. */
export interface LocalUserPool {
  userPoolId: string;
  clientId: string;
}

export const LOCAL_POOL_NAME = "gongkai";
const CLIENT_NAME = "gongkai-desk";

/** Finds (by name) or creates the desk's pool, its app client and the `operators` group. */
export async function ensureUserPool(client: CognitoIdentityProviderClient): Promise<LocalUserPool> {
  const pools = await client.send(new ListUserPoolsCommand({ MaxResults: 60 }));
  let userPoolId = pools.UserPools?.find((pool) => pool.Name === LOCAL_POOL_NAME)?.Id;
  if (!userPoolId) {
    const created = await client.send(
      new CreateUserPoolCommand({
        PoolName: LOCAL_POOL_NAME,
        UsernameAttributes: ["email"],
        AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
        Policies: { PasswordPolicy: USER_POOL.password },
        Schema: [
          {
            Name: DEPARTMENT_ATTRIBUTE_NAME,
            AttributeDataType: "String",
            Mutable: false,
            StringAttributeConstraints: { MinLength: "1", MaxLength: "63" },
          },
        ],
      }),
    );
    userPoolId = created.UserPool!.Id!;
    await client.send(new CreateGroupCommand({ UserPoolId: userPoolId, GroupName: OPERATORS_GROUP }));
  }
  const clients = await client.send(
    new ListUserPoolClientsCommand({ UserPoolId: userPoolId, MaxResults: 60 }),
  );
  let clientId = clients.UserPoolClients?.find((app) => app.ClientName === CLIENT_NAME)?.ClientId;
  if (!clientId) {
    const created = await client.send(
      new CreateUserPoolClientCommand({
        UserPoolId: userPoolId,
        ClientName: CLIENT_NAME,
        GenerateSecret: false,
        ExplicitAuthFlows: [...USER_POOL.authFlows],
        IdTokenValidity: USER_POOL.tokenValidityMinutes,
        AccessTokenValidity: USER_POOL.tokenValidityMinutes,
        TokenValidityUnits: { IdToken: "minutes", AccessToken: "minutes" },
      }),
    );
    clientId = created.UserPoolClient!.ClientId!;
  }
  return { userPoolId, clientId };
}
