import 'reflect-metadata';
import { KafkaClientEnv, loadEnvOrExit } from '@referral/platform-config';
import { createLogger } from '@referral/platform-observability';
import { ensureAllTopics } from './topics';

/**
 * Creates every topic of the contracts and its dead-letter topic when missing (the Helm chart's topics
 * job, before the services roll out); existing topics are left as they are. Reads KafkaClientEnv's
 * variables: KAFKA_BROKERS, KAFKA_TOPIC_PARTITIONS, KAFKA_TOPIC_REPLICATION_FACTOR, KAFKA_SSL*, KAFKA_SASL_*.
 */
const env = loadEnvOrExit(KafkaClientEnv);
const logger = createLogger('topics', env.LOG_LEVEL);
ensureAllTopics(env, logger).then(
  (created) => logger.info({ topics: created }, created.length ? 'created topics' : 'every topic exists'),
  (error: Error) => {
    logger.fatal({ err: { message: error.message } }, 'topics could not be created');
    process.exit(1);
  },
);
