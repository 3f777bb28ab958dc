/**
 * What the static pages' deployments (the desk page, the reference portal) share: the built page as an
 * asset, a source read by exactly its object, and the acknowledgement of aws-cdk-lib's copying function.
 * Each page's construct keeps what differs: where it goes, what its role may write, whether it prunes.
 */
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { join } from "node:path";
import { AssetHashType, DockerImage, type Stack, Validations } from "aws-cdk-lib";
import { PolicyStatement, type Role } from "aws-cdk-lib/aws-iam";
import { type ISource, Source } from "aws-cdk-lib/aws-s3-deployment";
import { REPO_ROOT } from "../bundling";

/**
 * A page built as an asset: `web/{page}/build.ts` run by tsx at synth time (no Docker), hashed by what it
 * wrote; `check` may refuse what the build wrote.
 */
export function builtPageSource(page: string, what: string, check?: (outputDir: string) => void): ISource {
  const require = createRequire(import.meta.url);
  return Source.asset(join(REPO_ROOT, "web", page), {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // Never used: the local build below always succeeds or throws.
      image: DockerImage.fromRegistry("public.ecr.aws/docker/library/node:24-slim"),
      local: {
        tryBundle(outputDir: string) {
          const built = spawnSync(
            process.execPath,
            [require.resolve("tsx/cli"), join(REPO_ROOT, "web", page, "build.ts"), outputDir],
            { cwd: REPO_ROOT, stdio: ["ignore", "ignore", "inherit"] },
          );
          if (built.status !== 0) throw new Error(`building ${what} failed (exit ${built.status})`);
          check?.(outputDir);
          return true;
        },
      },
    },
  });
}

/**
 * The source, read by `role` for exactly its object: the grants aws-cdk-lib would add (wildcard actions)
 * go to the role's immutable view, which drops them.
 */
export function readOnlyItsObject(role: Role, source: ISource): ISource {
  return {
    bind: (binder, context) => {
      const bound = source.bind(binder, context);
      role.addToPolicy(
        new PolicyStatement({
          actions: ["s3:GetObject"],
          resources: [bound.bucket.arnForObjects(bound.zipObjectKey)],
        }),
      );
      return bound;
    },
  };
}

/**
 * aws-cdk-lib creates the function behind bucket deployments as a singleton of the stack (one per memory
 * size, with the role of the first), with a runtime of its own choosing: acknowledged on the function of
 * `memory` MiB, where cdk-nag reports it; `copying` says what it copies where.
 */
export function acknowledgeDeploymentRuntime(stack: Stack, memory: number, copying: string): void {
  for (const child of stack.node.children) {
    if (!child.node.id.startsWith("Custom::CDKBucketDeployment")) continue;
    if (!child.node.id.endsWith(`${memory}MiB`)) continue;
    Validations.of(child).acknowledge({
      id: "AwsSolutions-L1",
      reason:
        `aws-cdk-lib's BucketDeployment singleton (a custom resource run only during deployments, ${copying}): ` +
        "aws-cdk-lib pins its Python runtime together with the AWS CLI layer it needs, and moves it forward in " +
        "its own releases.",
    });
  }
}
