/**
 * What the Lambda bundles put in place of `@aws-sdk/credential-provider-node` (an esbuild alias,
 * infra/bundling.ts): the SDK clients' default credential chain cut to the two sources a Lambda function
 * has — the environment (how Lambda hands a function its role's credentials) and a container endpoint
 * (`AWS_CONTAINER_CREDENTIALS_*`, should a runtime use one). The profile files, SSO, process, web-identity
 * and instance-metadata providers, with the STS/SSO clients they carry, are never reached there and were
 * most of the SDK's weight after its three service clients. The CLI and the local stack run unbundled,
 * with the SDK's full chain (profiles, SSO).
 */
import { fromEnv } from "@aws-sdk/credential-provider-env";
import { fromHttp } from "@aws-sdk/credential-provider-http";

const CONTAINER_VARIABLES = ["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI"];

type ProviderInit = Parameters<typeof fromEnv>[0] & Parameters<typeof fromHttp>[0];
type Provider = ReturnType<typeof fromEnv>;

/** The same name and shape as the SDK's `defaultProvider`: what every client's runtime config calls. */
export function defaultProvider(init: ProviderInit = {}): Provider {
  return async (properties) => {
    if (CONTAINER_VARIABLES.some((name) => process.env[name]) && !process.env.AWS_ACCESS_KEY_ID) {
      return fromHttp(init)(properties);
    }
    return fromEnv(init)(properties);
  };
}
