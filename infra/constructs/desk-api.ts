/**
 * The desk API: an API Gateway HTTP API whose every route needs an ID token of the desk's user pool (a JWT
 * authorizer checking issuer and audience) in front of one Lambda function, which verifies the token again
 * with the same code the local stack runs, signs browsers' S3 POSTs, reads the upload log and the annotated
 * copies, and publishes a clerk's explanation of a warning as the pipeline publishes (the feed, the counting
 * items). Its role lives under the upload-writer path, so the uploads bucket admits the POSTs it signs.
 */
import { join } from "node:path";
import { Duration, RemovalPolicy } from "aws-cdk-lib";
import { type CfnStage, CorsHttpMethod, HttpApi, HttpMethod } from "aws-cdk-lib/aws-apigatewayv2";
import { HttpJwtAuthorizer } from "aws-cdk-lib/aws-apigatewayv2-authorizers";
import { HttpLambdaIntegration } from "aws-cdk-lib/aws-apigatewayv2-integrations";
import type { ITable } from "aws-cdk-lib/aws-dynamodb";
import { PolicyStatement, Role, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { Architecture, Runtime } from "aws-cdk-lib/aws-lambda";
import { NodejsFunction } from "aws-cdk-lib/aws-lambda-nodejs";
import { LogGroup, type RetentionDays } from "aws-cdk-lib/aws-logs";
import type { IBucket } from "aws-cdk-lib/aws-s3";
import { Construct } from "constructs";
import { API_ENV } from "../../functions/config";
import { OBJECT_PREFIX } from "../../functions/storage-layout";
import { DESK_API_ENTRY, INGEST_BUNDLING, INGEST_HANDLER, REPO_ROOT } from "../bundling";
import { uploadWriterRolePath } from "../config";
import { ALARM_PERIOD, type AlarmTopic } from "./alarm-topic";
import { MAIN_RESOURCE } from "./main-resource";
import { acknowledgeObjectWildcard } from "./wildcard-acknowledgement";

/** The desk API's paths, as `functions/api/routes.ts` serves them. */
export const DESK_ROUTES: readonly [HttpMethod, string][] = [
  [HttpMethod.GET, "/api/v1/me"],
  [HttpMethod.POST, "/api/v1/uploads"],
  [HttpMethod.GET, "/api/v1/uploads"],
  [HttpMethod.GET, "/api/v1/uploads/{uploadId}"],
  [HttpMethod.GET, "/api/v1/uploads/{uploadId}/annotated"],
  [HttpMethod.GET, "/api/v1/explanations"],
  [HttpMethod.POST, "/api/v1/explanations"],
];

/**
 * Exactly what the desk API's DynamoDB adapters call: the registry, the issued uploads and the upload log,
 * and publishing an explanation (conditional updates, the sums scope's batch read, the delete of a listing
 * page a split abandoned).
 */
export const DESK_TABLE_ACTIONS = [
  "dynamodb:GetItem",
  "dynamodb:PutItem",
  "dynamodb:Query",
  "dynamodb:UpdateItem",
  "dynamodb:DeleteItem",
  "dynamodb:BatchGetItem",
] as const;

export interface DeskApiProps {
  readonly stage: string;
  /** Presigned POSTs for `uploads/`. */
  readonly uploads: IBucket;
  /** The feed an explanation is published to. */
  readonly feed: IBucket;
  readonly table: ITable;
  /** The user pool's issuer URL and the desk's app client id (the tokens' audience). */
  readonly tokens: { readonly issuer: string; readonly clientId: string };
  readonly feedBaseUrl: string;
  readonly maxUploadBytes: number;
  readonly logRetentionDays: RetentionDays;
  readonly alarms: AlarmTopic;
}

export class DeskApi extends Construct {
  readonly api: HttpApi;
  readonly function: NodejsFunction;
  readonly role: Role;
  /** `https://{api}.execute-api.{region}.amazonaws.com/api/v1`. */
  readonly baseUrl: string;

  constructor(scope: Construct, id: string, props: DeskApiProps) {
    super(scope, id);
    const { stage } = props;
    const logGroup = new LogGroup(this, "LogGroup", {
      retention: props.logRetentionDays,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.role = new Role(this, "Role", {
      assumedBy: new ServicePrincipal("lambda.amazonaws.com"),
      path: uploadWriterRolePath(stage),
      description: `gongkai ${stage}: the desk API (signs clerks' upload POSTs)`,
    });
    logGroup.grantWrite(this.role);
    const uploaded = props.uploads.arnForObjects(`${OBJECT_PREFIX.uploads}*`);
    // A presigned POST is allowed exactly when its signer may PutObject the key it names.
    this.role.addToPrincipalPolicy(
      new PolicyStatement({ sid: "SignUploadPosts", actions: ["s3:PutObject"], resources: [uploaded] }),
    );
    // Publishing an explanation rewrites the feed documents it touches; a withdrawal that raced it may leave
    // the report document to remove.
    const feedDocuments = props.feed.arnForObjects(`${OBJECT_PREFIX.feed}*`);
    const reportDocuments = props.feed.arnForObjects(`${OBJECT_PREFIX.feed}reports/*`);
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: "PublishExplanations",
        actions: ["s3:PutObject"],
        resources: [feedDocuments],
      }),
    );
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: "RemoveWithdrawnReports",
        actions: ["s3:DeleteObject"],
        resources: [reportDocuments],
      }),
    );
    acknowledgeObjectWildcard(
      this.role,
      feedDocuments,
      "Object-level wildcard under the feed's v1/ prefix only: an explanation republishes the documents showing " +
        "the report, whose keys depend on the data (v1/reports/{year}/{department}.json, v1/years/{year}.json, …). " +
        "PutObject only: no read, no list.",
    );
    acknowledgeObjectWildcard(
      this.role,
      reportDocuments,
      "Object-level wildcard under the feed's v1/reports/ prefix only: a report withdrawn while it was being " +
        "explained has its document removed by whichever publish comes last. DeleteObject only.",
    );
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: "Table",
        actions: [...DESK_TABLE_ACTIONS],
        resources: [props.table.tableArn],
      }),
    );
    // A rejected upload's annotated copy, served to its department's clerk (the route checks whose it is).
    const annotated = props.uploads.arnForObjects(`${OBJECT_PREFIX.annotated}*`);
    this.role.addToPrincipalPolicy(
      new PolicyStatement({ sid: "ReadAnnotatedCopies", actions: ["s3:GetObject"], resources: [annotated] }),
    );
    acknowledgeObjectWildcard(
      this.role,
      annotated,
      "Object-level wildcard under annotated/ only, GetObject only: the function reads the annotated copy of one " +
        "upload, whose key it takes from the upload log after checking that the upload is the caller's department's.",
    );
    acknowledgeObjectWildcard(
      this.role,
      uploaded,
      "Object-level wildcard under uploads/ only: the function signs presigned POSTs whose policy pins one exact " +
        "key (uploads/{department}/{year}/{uploadId}/{file}, the department from the verified token) and a size " +
        "range; S3 honours a POST only within both the policy and this permission. PutObject only, no read or list.",
    );

    this.function = new NodejsFunction(this, "Function", {
      description: `gongkai ${stage}: the desk API (sign-in checked, uploads issued and shown, warnings explained)`,
      entry: join(REPO_ROOT, DESK_API_ENTRY),
      handler: INGEST_HANDLER,
      projectRoot: REPO_ROOT,
      depsLockFilePath: join(REPO_ROOT, "package-lock.json"),
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: 512,
      timeout: Duration.seconds(10),
      role: this.role,
      logGroup,
      bundling: INGEST_BUNDLING,
      environment: {
        [API_ENV.uploadsBucket]: props.uploads.bucketName,
        [API_ENV.feedBucket]: props.feed.bucketName,
        [API_ENV.table]: props.table.tableName,
        [API_ENV.feedBaseUrl]: props.feedBaseUrl,
        [API_ENV.maxUploadBytes]: String(props.maxUploadBytes),
        [API_ENV.tokenIssuer]: props.tokens.issuer,
        [API_ENV.userPoolClientId]: props.tokens.clientId,
      },
    });

    this.api = new HttpApi(this, MAIN_RESOURCE, {
      apiName: `gongkai-${stage}-desk`,
      description: `gongkai ${stage}: the clerks' desk API`,
      // Bearer tokens, no cookies: any origin may call it, as the page may be served from another host.
      corsPreflight: {
        allowOrigins: ["*"],
        allowHeaders: ["authorization", "content-type"],
        allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST],
        // The annotated copy's file name, read by the page.
        exposeHeaders: ["content-disposition"],
        maxAge: Duration.minutes(10),
      },
    });
    const authorizer = new HttpJwtAuthorizer("DeskSignIn", props.tokens.issuer, {
      jwtAudience: [props.tokens.clientId],
      identitySource: ["$request.header.Authorization"],
    });
    const integration = new HttpLambdaIntegration("DeskFunction", this.function);
    for (const [method, path] of DESK_ROUTES) {
      this.api.addRoutes({ path, methods: [method], integration, authorizer });
    }
    const accessLogs = new LogGroup(this, "AccessLogs", {
      retention: props.logRetentionDays,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const stageResource = this.api.defaultStage!.node.defaultChild as CfnStage;
    stageResource.accessLogSettings = {
      destinationArn: accessLogs.logGroupArn,
      format: JSON.stringify({
        requestId: "$context.requestId",
        ip: "$context.identity.sourceIp",
        time: "$context.requestTime",
        route: "$context.routeKey",
        status: "$context.status",
        sub: "$context.authorizer.claims.sub",
        latencyMs: "$context.responseLatency",
        error: "$context.authorizer.error",
      }),
    };
    // A desk is a few requests a minute per clerk; this bounds what a leaked token or a loop can cost.
    stageResource.defaultRouteSettings = { throttlingBurstLimit: 100, throttlingRateLimit: 50 };
    this.baseUrl = `${this.api.apiEndpoint}/api/v1`;

    props.alarms.alarm(this, "ErrorsAlarm", {
      description: `gongkai ${stage}: the desk API function failed (crash, timeout or out of memory).`,
      metric: this.function.metricErrors({ period: ALARM_PERIOD, statistic: "Sum" }),
      threshold: 1,
    });
  }
}
