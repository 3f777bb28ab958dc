import { Logger } from "@aws-lambda-powertools/logger";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { composeApi } from "../compose";
import { apiConfigFromEnv } from "../config";
import { answerEvent } from "./api-event";

/** The desk API Lambda: HTTP API events (payload 2.0) → the routes. Wiring only. */
const logger = new Logger({ serviceName: "gongkai-desk-api" });
const { ports } = composeApi(apiConfigFromEnv());

export async function handler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  return answerEvent(ports, event, (error) =>
    logger.error("desk API request failed", { error: error as Error, path: event.rawPath }),
  );
}
