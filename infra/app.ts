/**
 * The CDK app (`cdk.json`: `npx tsx infra/app.ts`). Settings come from CDK context: `cdk.json` defaults,
 * overridden with `-c key=value` (see infra/README.md).
 */
import { App } from "aws-cdk-lib";
import { buildGongkai } from "./gongkai";

const app = new App();
buildGongkai(app);
app.synth();
