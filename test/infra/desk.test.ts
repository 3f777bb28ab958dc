/**
 * Departments are data, clerks sign in: the stacks hold one user pool, one operator role and one desk API
 * whatever the number of departments, and every desk route needs the pool's token.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { API_ENV } from "../../functions/config";
import {
  asArray,
  type CfnJson,
  type CfnResources,
  flat,
  identityPolicies,
  logicalId,
  type Synthesized,
  synth,
  TEST_CONTEXT,
} from "./synth";

let synthesized: Synthesized;
let stateful: CfnResources;
let pipeline: CfnResources;

beforeAll(() => {
  synthesized = synth();
  stateful = synthesized.statefulTemplate.toJSON().Resources;
  pipeline = synthesized.pipelineTemplate.toJSON().Resources;
});

const resourcesOf = (context: Record<string, unknown>) => {
  const built = synth(context);
  const describeAll = (resources: CfnResources) =>
    Object.entries(resources)
      .map(([id, resource]) => `${id} ${resource.Type}`)
      .sort();
  return {
    stateful: describeAll(built.statefulTemplate.toJSON().Resources),
    pipeline: describeAll(built.pipelineTemplate.toJSON().Resources),
    outputs: Object.keys(built.statefulTemplate.toJSON().Outputs).sort(),
    template: JSON.stringify(built.statefulTemplate.toJSON()),
  };
};

describe("departments are data", () => {
  it("synthesizes the same resources and outputs with 0 and with 2,000 departments in context", () => {
    const many = Array.from({ length: 2000 }, (_, i) => ({ id: `dept-${i}`, name: `第${i}局` }));
    const none = resourcesOf({ ...TEST_CONTEXT, departments: [] });
    const thousands = resourcesOf({ ...TEST_CONTEXT, departments: many });
    expect(thousands.stateful).toEqual(none.stateful);
    expect(thousands.pipeline).toEqual(none.pipeline);
    expect(thousands.outputs).toEqual(none.outputs);
    expect(thousands.template).toBe(none.template);
    expect(none.stateful.length + none.pipeline.length).toBeLessThan(150);
  });
});

describe("the clerks' user pool", () => {
  const pool = () =>
    stateful[logicalId(synthesized.statefulTemplate, "AWS::Cognito::UserPool", "DeskUserPool")]!;

  it("signs in by email, admits only users the operator creates, and keeps the department immutable", () => {
    const props = pool().Properties;
    expect(props.AdminCreateUserConfig.AllowAdminCreateUserOnly).toBe(true);
    expect(props.UsernameAttributes).toEqual(["email"]);
    expect(props.Schema).toContainEqual(
      expect.objectContaining({ Name: "department", AttributeDataType: "String", Mutable: false }),
    );
    expect(props.Policies.PasswordPolicy).toMatchObject({ MinimumLength: 12, RequireSymbols: true });
    expect(props.DeletionProtection).toBe("ACTIVE");
    expect(pool().DeletionPolicy).toBe("Retain");
  });

  it("has an operators group and a desk client without a secret that can never write the department", () => {
    const groups = Object.values(stateful).filter((r) => r.Type === "AWS::Cognito::UserPoolGroup");
    expect(groups.map((group) => group.Properties.GroupName)).toEqual(["operators"]);
    const clients = Object.values(stateful).filter((r) => r.Type === "AWS::Cognito::UserPoolClient");
    expect(clients).toHaveLength(1);
    const client = clients[0]!.Properties as CfnJson;
    expect(client.GenerateSecret).toBe(false);
    expect(client.ExplicitAuthFlows).toEqual(["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]);
    expect(client.ReadAttributes).toContain("custom:department");
    expect(client.WriteAttributes ?? []).not.toContain("custom:department");
  });
});

describe("the operator role", () => {
  const role = () => stateful[logicalId(synthesized.statefulTemplate, "AWS::IAM::Role", "OperatorRole")]!;

  it("is one role, under the upload-writer path, trusted only by the configured principal", () => {
    const roles = Object.values(stateful).filter((r) => r.Type === "AWS::IAM::Role");
    expect(roles.map((r) => r.Properties.RoleName)).toEqual(["gongkai-test-operator"]);
    expect(role().Properties.Path).toBe("/gongkai/test/uploaders/");
    expect(role().Properties.AssumeRolePolicyDocument.Statement).toEqual([
      expect.objectContaining({
        Action: "sts:AssumeRole",
        Principal: { AWS: TEST_CONTEXT.operatorPrincipal },
      }),
    ]);
  });

  it("may put under uploads/ (the bulk path), keep the registry, create sign-ins and run the season, nothing more", () => {
    const id = logicalId(synthesized.statefulTemplate, "AWS::IAM::Role", "OperatorRole");
    const grants = identityPolicies(synthesized.statefulTemplate)
      .filter((source) => source.roles.includes(id))
      .flatMap((source) => source.statements)
      .flatMap((statement) =>
        asArray(statement.Action).map(
          (action) => `${action} ${asArray(statement.Resource).map(flat).join(",")}`,
        ),
      )
      .sort();
    const uploads = `{${logicalId(synthesized.statefulTemplate, "AWS::S3::Bucket", "UploadsBucket")}.Arn}`;
    const table = `{${logicalId(synthesized.statefulTemplate, "AWS::DynamoDB::Table", "Table")}.Arn}`;
    const pool = `{${logicalId(synthesized.statefulTemplate, "AWS::Cognito::UserPool", "DeskUserPool")}.Arn}`;
    const feed = `{${logicalId(synthesized.statefulTemplate, "AWS::S3::Bucket", "FeedBucket")}.Arn}`;
    const ses = "arn:{AWS::Partition}:ses:{AWS::Region}:{AWS::AccountId}";
    expect(grants).toEqual(
      [
        // The season's commands (infra/constructs/season-operator-grants.ts).
        `dynamodb:BatchGetItem ${table}`,
        `dynamodb:DeleteItem ${table}`,
        `dynamodb:Query ${table}/index/roster`,
        `s3:PutObject ${feed}/v1/*`,
        `s3:DeleteObject ${feed}/v1/reports/*`,
        `ses:SendEmail ${ses}:configuration-set/{${logicalId(synthesized.statefulTemplate, "AWS::SES::ConfigurationSet", "SesConfigurationSet")}},${ses}:identity/{${logicalId(synthesized.statefulTemplate, "AWS::SES::EmailIdentity", "SesIdentity")}}`,
        `cognito-idp:AdminCreateUser ${pool}`,
        `cognito-idp:AdminGetUser ${pool}`,
        `dynamodb:GetItem ${table}`,
        `dynamodb:PutItem ${table}`,
        `dynamodb:Query ${table}`,
        `dynamodb:Scan ${table}`,
        `dynamodb:UpdateItem ${table}`,
        `s3:AbortMultipartUpload ${uploads}/uploads/*`,
        `s3:PutObject ${uploads}/uploads/*`,
      ].sort(),
    );
  });
});

describe("the desk API", () => {
  it("routes exactly the desk's seven calls, each behind a JWT authorizer on the pool's issuer and client", () => {
    const routes = Object.values(pipeline).filter((r) => r.Type === "AWS::ApiGatewayV2::Route");
    expect(routes.map((route) => route.Properties.RouteKey).sort()).toEqual([
      "GET /api/v1/explanations",
      "GET /api/v1/me",
      "GET /api/v1/uploads",
      "GET /api/v1/uploads/{uploadId}",
      "GET /api/v1/uploads/{uploadId}/annotated",
      "POST /api/v1/explanations",
      "POST /api/v1/uploads",
    ]);
    for (const route of routes) expect(route.Properties.AuthorizationType).toBe("JWT");
    const authorizers = Object.values(pipeline).filter((r) => r.Type === "AWS::ApiGatewayV2::Authorizer");
    expect(authorizers).toHaveLength(1);
    const jwt = authorizers[0]!.Properties.JwtConfiguration;
    expect(flat(jwt.Issuer)).toBe("{import:gongkai-test-TokenIssuer}");
    expect(asArray(jwt.Audience).map(flat)).toEqual(["{import:gongkai-test-UserPoolClientId}"]);
    const stages = Object.values(pipeline).filter((r) => r.Type === "AWS::ApiGatewayV2::Stage");
    expect(stages).toHaveLength(1);
    expect(stages[0]!.Properties.AccessLogSettings.DestinationArn).toBeDefined();
    expect(stages[0]!.Properties.DefaultRouteSettings.ThrottlingRateLimit).toBeGreaterThan(0);
  });

  it("runs one function under the upload-writer path, verifying the same issuer and client itself", () => {
    const id = logicalId(synthesized.pipelineTemplate, "AWS::Lambda::Function", "DeskApiFunction");
    const variables = pipeline[id]!.Properties.Environment.Variables as Record<string, unknown>;
    expect(Object.keys(variables).sort()).toEqual(
      Object.values(API_ENV)
        .filter((name) => name !== API_ENV.postExpirySeconds)
        .sort(),
    );
    expect(flat(variables[API_ENV.tokenIssuer])).toBe("{import:gongkai-test-TokenIssuer}");
    const role = logicalId(synthesized.pipelineTemplate, "AWS::IAM::Role", "DeskApiRole");
    expect(pipeline[role]!.Properties.Path).toBe("/gongkai/test/uploaders/");
    const grants = identityPolicies(synthesized.pipelineTemplate)
      .filter((source) => source.roles.includes(role))
      .flatMap((source) => source.statements)
      .flatMap((statement) => asArray(statement.Action))
      .sort();
    expect(grants).toEqual([
      "dynamodb:BatchGetItem",
      "dynamodb:DeleteItem",
      "dynamodb:GetItem",
      "dynamodb:PutItem",
      "dynamodb:Query",
      "dynamodb:UpdateItem",
      "logs:CreateLogStream",
      "logs:PutLogEvents",
      "s3:DeleteObject",
      "s3:GetObject",
      "s3:PutObject",
      "s3:PutObject",
    ]);
  });
});

describe("the desk page", () => {
  it("is copied under desk/ of the feed bucket with a config of the deployed API, pool client and region", () => {
    // One of the stack's bucket deployments (the portal's is the other) writes under desk/.
    const [deployment, ...more] = Object.values(pipeline).filter(
      (r) => r.Type === "Custom::CDKBucketDeployment" && r.Properties.DestinationBucketKeyPrefix === "desk/",
    );
    expect(more).toEqual([]);
    const properties = deployment!.Properties;
    expect(flat(properties.DestinationBucketName)).toBe("{import:gongkai-test-FeedBucketName}");
    expect(properties.DestinationBucketKeyPrefix).toBe("desk/");
    expect(flat(properties.DistributionId)).toBe("{import:gongkai-test-FeedDistributionId}");
    // config.json's deploy-time values, filled in by the deployment.
    const markers = asArray(properties.SourceMarkers)
      .flatMap((marker) => Object.values(marker as Record<string, unknown>))
      .map(flat);
    const api = logicalId(synthesized.pipelineTemplate, "AWS::ApiGatewayV2::Api", "DeskApi");
    expect(markers).toEqual(
      expect.arrayContaining([
        `{${api}.ApiEndpoint}`,
        "{import:gongkai-test-UserPoolClientId}",
        "{AWS::Region}",
      ]),
    );
  });

  it("is served at /desk* by the feed's distribution with its own Content-Security-Policy", () => {
    const id = logicalId(synthesized.statefulTemplate, "AWS::CloudFront::Distribution", "FeedDistribution");
    const behaviors = stateful[id]!.Properties.DistributionConfig.CacheBehaviors as CfnJson[];
    expect(behaviors.map((behavior) => (behavior as { PathPattern: string }).PathPattern)).toEqual([
      "/desk*",
    ]);
    // The desk's own policy, not the portal's at the root.
    const desk = Object.values(stateful).find(
      (r) =>
        r.Type === "AWS::CloudFront::ResponseHeadersPolicy" &&
        String(r.Properties.ResponseHeadersPolicyConfig.Comment).startsWith("gongkai desk"),
    )!;
    const csp = flat(
      desk.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig.ContentSecurityPolicy
        .ContentSecurityPolicy,
    );
    expect(csp).toContain("https://cognito-idp.{AWS::Region}.{AWS::URLSuffix}");
    expect(csp).toContain("https://*.execute-api.{AWS::Region}.{AWS::URLSuffix}");
    expect(csp).toMatch(/https:\/\/\{[A-Za-z0-9]+\.RegionalDomainName\}/);
  });
});
