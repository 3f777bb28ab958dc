import { Template } from "aws-cdk-lib/assertions";
import { Function as LambdaFunction } from "aws-cdk-lib/aws-lambda";
import { describe, expect, it } from "vitest";
import { ReminderSchedules, roundCron } from "../../../infra/constructs/reminder-schedules";
import { asArray, flat, identityPolicies } from "../synth";
import { bareStack, nagFindings } from "./bare-stack";

function build(season = { deadline: "01-31", reminderDays: [-14, -3, 1] }) {
  const stack = bareStack();
  const fn = LambdaFunction.fromFunctionArn(
    stack,
    "Fn",
    "arn:aws:lambda:cn-north-1:123456789012:function:remind",
  );
  const schedules = new ReminderSchedules(stack, "ReminderSchedules", {
    stage: "test",
    function: fn,
    season,
  });
  return { schedules, template: Template.fromStack(stack) };
}

describe("ReminderSchedules", () => {
  it("runs a round 14 and 3 days before the deadline and the day after, at 09:00 Beijing time, each with its round", () => {
    const { template } = build();
    const schedules = Object.values(template.findResources("AWS::Scheduler::Schedule")).map(
      (r) => r.Properties,
    );
    expect(
      schedules.map((s) => [
        s.ScheduleExpression,
        s.ScheduleExpressionTimezone,
        JSON.parse(s.Target.Input).round,
      ]),
    ).toEqual([
      ["cron(0 9 17 1 ? *)", "Asia/Shanghai", "d-14"],
      ["cron(0 9 28 1 ? *)", "Asia/Shanghai", "d-3"],
      ["cron(0 9 1 2 ? *)", "Asia/Shanghai", "d+1"],
    ]);
    for (const schedule of schedules) {
      expect(schedule.FlexibleTimeWindow).toEqual({ Mode: "OFF" });
      expect(schedule.Target.RetryPolicy.MaximumRetryAttempts).toBe(3);
      expect(schedule.GroupName).toEqual(expect.anything());
    }
  });

  it("follows a configured deadline, across the turn of the year", () => {
    expect(roundCron({ deadline: "01-05", reminderDays: [] }, -14)).toBe("cron(0 9 22 12 ? *)");
    expect(roundCron({ deadline: "03-31", reminderDays: [] }, 1)).toBe("cron(0 9 1 4 ? *)");
  });

  it("invokes through a role that may only invoke the reminder function, trusted by Scheduler of this account", () => {
    const { template, schedules } = build();
    const role = Object.values(template.findResources("AWS::IAM::Role"))[0]!;
    expect(role.Properties.AssumeRolePolicyDocument.Statement[0].Principal).toEqual({
      Service: "scheduler.amazonaws.com",
    });
    expect(role.Properties.AssumeRolePolicyDocument.Statement[0].Condition).toEqual({
      StringEquals: { "aws:SourceAccount": { Ref: "AWS::AccountId" } },
    });
    const statements = identityPolicies(template).flatMap((source) => source.statements);
    expect(statements.map((s) => [asArray(s.Action), asArray(s.Resource).map(flat)])).toEqual([
      [["lambda:InvokeFunction"], ["arn:aws:lambda:cn-north-1:123456789012:function:remind"]],
    ]);
    expect(nagFindings(schedules)).toEqual([]);
  });
});
