import { Logger } from "@aws-lambda-powertools/logger";
import { composeAnnotation } from "../compose";
import { annotatorConfigFromEnv } from "../config";
import { annotateUpload } from "./annotate-upload";
import type { AnnotationRequest, AnnotationResult } from "./annotator";

/**
 * The annotate Lambda, invoked synchronously by the ingest function for a rejected upload (LambdaAnnotator):
 * marks the kept original and keeps the copy. Wiring only; a failure throws, which the ingest function
 * sees as a function error and retries the upload for.
 */
const logger = new Logger({ serviceName: "gongkai-annotate" });
const { objects } = composeAnnotation(annotatorConfigFromEnv());

export async function handler(request: AnnotationRequest): Promise<AnnotationResult> {
  const result = await annotateUpload(objects, request);
  if (!result.ok) logger.info("no annotated copy", { key: request.key, reason: result.reason.en });
  return result;
}
