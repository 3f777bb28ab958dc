/**
 * The operator's alarm topic: an SNS topic (TLS-only publishing) with the operator's address subscribed, and
 * the one shape every pipeline alarm has.
 */
import { Duration } from "aws-cdk-lib";
import { Alarm, ComparisonOperator, type IMetric, TreatMissingData } from "aws-cdk-lib/aws-cloudwatch";
import { SnsAction } from "aws-cdk-lib/aws-cloudwatch-actions";
import { Topic } from "aws-cdk-lib/aws-sns";
import { EmailSubscription } from "aws-cdk-lib/aws-sns-subscriptions";
import { Construct } from "constructs";
import { MAIN_RESOURCE } from "./main-resource";

/** The period of every pipeline alarm's metric. */
export const ALARM_PERIOD = Duration.minutes(5);

export interface AlarmTopicProps {
  readonly stage: string;
  /** Receives the alarm mails (after confirming the subscription). */
  readonly operatorEmail: string;
}

/** What an alarm watches and says. */
export interface OperatorAlarmProps {
  /** The metric, with its period and statistic. */
  readonly metric: IMetric;
  /** The alarm fires when one period's value is at or above this. */
  readonly threshold: number;
  /** The mail's text: what happened and what the operator should do. */
  readonly description: string;
}

/** Where the pipeline's alarms go: the operator's mailbox. */
export class AlarmTopic extends Construct {
  readonly topic: Topic;
  private readonly action: SnsAction;

  constructor(scope: Construct, id: string, props: AlarmTopicProps) {
    super(scope, id);
    this.topic = new Topic(this, MAIN_RESOURCE, {
      displayName: `gongkai ${props.stage} alarms`,
      enforceSSL: true,
    });
    this.topic.addSubscription(new EmailSubscription(props.operatorEmail));
    this.action = new SnsAction(this.topic);
  }

  /**
   * An alarm in `scope` that mails the operator as soon as one period reaches the threshold. No data is no
   * problem (an idle pipeline publishes no metrics).
   */
  alarm(scope: Construct, id: string, props: OperatorAlarmProps): Alarm {
    const alarm = new Alarm(scope, id, {
      alarmDescription: props.description,
      metric: props.metric,
      threshold: props.threshold,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(this.action);
    return alarm;
  }
}
