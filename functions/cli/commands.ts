import type { AnyCommand } from "./command";
import { demo } from "./demo";
import { department } from "./department";
import { dev } from "./dev";
import { doctor } from "./doctor";
import { redrive } from "./redrive";
import { reprocess } from "./reprocess";
import { status } from "./status";
import { template } from "./template";
import { upload } from "./upload";
import { validate } from "./validate";

/** Every `gongkai` command, in the order `gongkai --help` lists them: a new command is one line here. */
export const COMMANDS: readonly AnyCommand[] = [
  validate,
  template,
  upload,
  status,
  department,
  reprocess,
  redrive,
  doctor,
  dev,
  demo,
];
