/**
 * The reminder rounds on EventBridge Scheduler: one yearly schedule per round (by default 14 and 3 days
 * before the deadline and the day after it), at 09:00 Beijing time, each invoking the reminder function
 * with its round's id. The function works out which report year the round is for, so the schedules never
 * change from one year to the next. Scheduler invokes through a role that may call this function only.
 */
import { Stack } from "aws-cdk-lib";
import { PolicyStatement, Role, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import { CfnSchedule, CfnScheduleGroup } from "aws-cdk-lib/aws-scheduler";
import { Construct } from "constructs";
import { addDays, reminderRounds, type SeasonSettings } from "../../functions/core/season/rounds";

/** When in the day the rounds run, Beijing time. */
const HOUR = 9;
export const SCHEDULE_TIMEZONE = "Asia/Shanghai";

export interface ReminderSchedulesProps {
  readonly stage: string;
  readonly function: IFunction;
  readonly season: SeasonSettings;
}

/** The yearly cron expression of a round: its day of a (non-leap) year, at HOUR. */
export function roundCron(season: SeasonSettings, days: number): string {
  const day = addDays(`2001-${season.deadline}`, days);
  return `cron(0 ${HOUR} ${Number(day.slice(8, 10))} ${Number(day.slice(5, 7))} ? *)`;
}

export class ReminderSchedules extends Construct {
  readonly group: CfnScheduleGroup;
  readonly role: Role;
  readonly schedules: CfnSchedule[];

  constructor(scope: Construct, id: string, props: ReminderSchedulesProps) {
    super(scope, id);
    const { stage, season } = props;
    this.group = new CfnScheduleGroup(this, "Group", { name: `gongkai-${stage}-reminders` });
    this.role = new Role(this, "InvokeRole", {
      assumedBy: new ServicePrincipal("scheduler.amazonaws.com", {
        conditions: { StringEquals: { "aws:SourceAccount": Stack.of(this).account } },
      }),
      description: `gongkai ${stage}: EventBridge Scheduler invoking the reminder function`,
    });
    this.role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ["lambda:InvokeFunction"], resources: [props.function.functionArn] }),
    );
    // Round ids (`d-14`) come from the same calendar the function reads.
    const rounds = reminderRounds(2000, season);
    this.schedules = [...season.reminderDays]
      .sort((a, b) => a - b)
      .map((days, i) => {
        const round = rounds[i]!.id;
        const schedule = new CfnSchedule(this, `Round${round.replace("-", "Minus").replace("+", "Plus")}`, {
          name: `gongkai-${stage}-reminders-${round.replace("+", "plus").replace("-", "minus")}`,
          groupName: this.group.name,
          description: `gongkai ${stage}: reminder round ${round} (${days < 0 ? `${-days} days before` : `${days} day(s) after`} the ${season.deadline} deadline)`,
          scheduleExpression: roundCron(season, days),
          scheduleExpressionTimezone: SCHEDULE_TIMEZONE,
          flexibleTimeWindow: { mode: "OFF" },
          target: {
            arn: props.function.functionArn,
            roleArn: this.role.roleArn,
            input: JSON.stringify({ round }),
            retryPolicy: { maximumRetryAttempts: 3, maximumEventAgeInSeconds: 6 * 3600 },
          },
        });
        schedule.addDependency(this.group);
        return schedule;
      });
  }
}
