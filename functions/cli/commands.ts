import type { AnyCommand } from "./command";
import { demo } from "./demo";
import { department } from "./department";
import { dev } from "./dev";
import { doctor } from "./doctor";
import { explain } from "./explain";
import { importHistory } from "./import";
import { redrive } from "./redrive";
import { region } from "./region";
import { remind } from "./remind";
import { reprocess } from "./reprocess";
import { season } from "./season";
import { status } from "./status";
import { template } from "./template";
import { upload } from "./upload";
import { validate } from "./validate";
import { withdraw } from "./withdraw";

/** Every `gongkai` command, in the order `gongkai --help` lists them: a new command is one line here. */
export const COMMANDS: readonly AnyCommand[] = [
  validate,
  template,
  upload,
  importHistory,
  status,
  department,
  region,
  season,
  remind,
  explain,
  withdraw,
  reprocess,
  redrive,
  doctor,
  dev,
  demo,
];
