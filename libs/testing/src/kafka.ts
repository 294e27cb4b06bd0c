import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Consumer, type KafkaMessage } from 'kafkajs';

export interface ReceivedMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
}

export function testKafka(brokers: string[]): Kafka {
  return new Kafka({
    clientId: `test-${process.pid}`,
    brokers,
    logLevel: logLevel.NOTHING,
    retry: { retries: 10 },
  });
}

function decode(topic: string, partition: number, message: KafkaMessage): ReceivedMessage {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) headers[name] = first.toString();
  }
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key?.toString() ?? null,
    value: message.value?.toString() ?? null,
    headers,
  };
}

/**
 * Reads topics from the beginning with a group of its own and keeps every message, so a test can wait
 * for the ones it caused (filtering by id: topics are shared across tests and runs).
 */
export class TopicRecorder {
  readonly messages: ReceivedMessage[] = [];
  private consumer?: Consumer;

  constructor(
    private readonly kafka: Kafka,
    private readonly topics: string[],
  ) {}

  async start(): Promise<this> {
    this.consumer = this.kafka.consumer({ groupId: `test-recorder-${randomUUID()}` });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: this.topics, fromBeginning: true });
    await this.consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        this.messages.push(decode(topic, partition, message));
      },
    });
    return this;
  }

  async waitFor(
    predicate: (messages: ReceivedMessage[]) => boolean,
    what: string,
    timeoutMs = 30_000,
  ): Promise<ReceivedMessage[]> {
    await waitUntil(() => predicate(this.messages), what, timeoutMs);
    return this.messages;
  }

  async stop(): Promise<void> {
    await this.consumer?.stop();
    await this.consumer?.disconnect();
  }
}

export async function waitUntil(
  condition: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 30_000,
  intervalMs = 100,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
