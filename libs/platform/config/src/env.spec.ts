import { IsString } from 'class-validator';
import { ConfigError, loadEnv, ServiceEnv } from './env';

class DemoEnv extends ServiceEnv {
  @IsString()
  DEMO_URL!: string;
}

const valid = {
  PORT: '3001',
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres',
  DATABASE_NAME: 'referrals',
  KAFKA_BROKERS: '127.0.0.1:9092,kafka-2:9092',
  DEMO_URL: 'http://x',
};

function problemsOf(source: Record<string, string | undefined>): string[] {
  try {
    loadEnv(DemoEnv, source);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('loadEnv', () => {
  it('turns a valid environment into typed values with defaults', () => {
    const env = loadEnv(DemoEnv, valid);
    expect(env.PORT).toBe(3001);
    expect(env.KAFKA_TOPIC_PARTITIONS).toBe(3);
    expect(env.NODE_ENV).toBe('development');
    expect(env.DEMO_URL).toBe('http://x');
    expect(env.HTTP_JSON_MAX_DEPTH).toBe(32);
    expect(env.HTTP_JSON_MAX_ARRAY_LENGTH).toBe(1000);
  });

  it('names a missing variable', () => {
    const { KAFKA_BROKERS: _, ...rest } = valid;
    expect(problemsOf(rest).join('\n')).toMatch(/KAFKA_BROKERS/);
  });

  it('treats an empty variable as missing', () => {
    expect(problemsOf({ ...valid, DATABASE_URL: '' }).join('\n')).toMatch(/DATABASE_URL/);
  });

  it('names every malformed variable', () => {
    const problems = problemsOf({
      ...valid,
      PORT: 'eighty',
      KAFKA_BROKERS: 'localhost',
      NODE_ENV: 'staging',
    });
    expect(problems.join('\n')).toMatch(/PORT/);
    expect(problems.join('\n')).toMatch(/KAFKA_BROKERS/);
    expect(problems.join('\n')).toMatch(/NODE_ENV/);
  });

  it('rejects a port out of range', () => {
    expect(problemsOf({ ...valid, PORT: '70000' }).join('\n')).toMatch(/PORT/);
  });

  it('bounds the JSON body limits', () => {
    expect(loadEnv(DemoEnv, { ...valid, HTTP_JSON_MAX_DEPTH: '256' }).HTTP_JSON_MAX_DEPTH).toBe(256);
    expect(
      loadEnv(DemoEnv, { ...valid, HTTP_JSON_MAX_ARRAY_LENGTH: '1000000' }).HTTP_JSON_MAX_ARRAY_LENGTH,
    ).toBe(1_000_000);
    const problems = problemsOf({ ...valid, HTTP_JSON_MAX_DEPTH: '257', HTTP_JSON_MAX_ARRAY_LENGTH: '0' });
    expect(problems.join('\n')).toMatch(/HTTP_JSON_MAX_DEPTH/);
    expect(problems.join('\n')).toMatch(/HTTP_JSON_MAX_ARRAY_LENGTH/);
    expect(problemsOf({ ...valid, HTTP_JSON_MAX_DEPTH: '0' }).join('\n')).toMatch(/HTTP_JSON_MAX_DEPTH/);
  });
});
