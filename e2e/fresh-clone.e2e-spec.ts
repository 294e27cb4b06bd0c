import { spawn } from 'node:child_process';
import path from 'node:path';
import { workspaceRoot } from '@referral/testing';

/**
 * The README's two commands on a fresh clone with no node_modules, the machine's own node, no
 * KAFKA_BROKERS and no DATABASE_URL (tools/fresh-clone-check.sh says what each step must do). It runs
 * on the committed HEAD: CI's clone is exactly that.
 */
describe('the README commands on a fresh clone', () => {
  it('npm run stack and npm test set themselves up, work, and stop what they started', async () => {
    const script = path.join(workspaceRoot, 'tools/fresh-clone-check.sh');
    const { status, output } = await new Promise<{ status: number | null; output: string }>((resolve) => {
      const child = spawn('bash', [script], { cwd: workspaceRoot, env: process.env });
      let text = '';
      child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
      child.on('close', (code) => resolve({ status: code, output: text }));
    });
    process.stdout.write(`${output}\n`);
    expect({ status, failure: output.match(/FAILED: .*/)?.[0] }).toEqual({ status: 0, failure: undefined });
    expect(output).toMatch(/OK: both README commands work on a fresh clone/);
  }, 900_000);
});
