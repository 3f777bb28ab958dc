import { InvokeCommand, type LambdaClient } from "@aws-sdk/client-lambda";
import type { AnnotationRequest, AnnotationResult, Annotator } from "../ingest/annotator";

/**
 * The annotator on AWS: a synchronous invocation of the annotate function (functions/ingest/
 * annotate-handler.ts), so the rejection mail still carries the copy. What the clerk should be told comes
 * back as a result; a function error (a crash, a timeout, the original unreadable) is thrown, and the
 * upload is retried like any other failure of ours, then dead-lettered and alarmed.
 */
export class LambdaAnnotator implements Annotator {
  constructor(
    private readonly client: LambdaClient,
    private readonly functionName: string,
  ) {}

  async annotate(request: AnnotationRequest): Promise<AnnotationResult> {
    const response = await this.client.send(
      new InvokeCommand({
        FunctionName: this.functionName,
        InvocationType: "RequestResponse",
        Payload: new TextEncoder().encode(JSON.stringify(request)),
      }),
    );
    const body = response.Payload ? new TextDecoder().decode(response.Payload) : "";
    if (response.FunctionError) {
      throw new Error(`the annotate function failed (${response.FunctionError}): ${body.slice(0, 500)}`);
    }
    return JSON.parse(body) as AnnotationResult;
  }
}
