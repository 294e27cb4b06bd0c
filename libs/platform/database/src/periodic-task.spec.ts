import { PeriodicTask } from './periodic-task';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('PeriodicTask', () => {
  it('runs rounds on its interval, back to back while they find more, never two at once', async () => {
    let concurrent = 0;
    let most = 0;
    let rounds = 0;
    const task = new PeriodicTask(async () => {
      concurrent++;
      most = Math.max(most, concurrent);
      rounds++;
      await sleep(30);
      concurrent--;
      return rounds < 3; // the first rounds find more
    }, fail);
    task.start(10);
    await sleep(200);
    await task.stop();
    expect(rounds).toBeGreaterThanOrEqual(3);
    expect(most).toBe(1);
    const after = rounds;
    await sleep(50);
    expect(rounds).toBe(after);
  });

  it('waits for the round in progress on stop, reports failures and keeps going', async () => {
    const errors: string[] = [];
    let finished = false;
    let calls = 0;
    const task = new PeriodicTask(
      async () => {
        calls++;
        if (calls === 1) throw new Error('database away');
        await sleep(40);
        finished = true;
        return false;
      },
      (error) => errors.push(error.message),
    );
    task.start(5);
    await sleep(30);
    await task.stop();
    expect(errors).toEqual(['database away']);
    expect(finished).toBe(true);
    expect(task.isStopped).toBe(true);
  });

  it('stays off with an interval of 0', async () => {
    let rounds = 0;
    const task = new PeriodicTask(async () => (rounds++, false), fail);
    task.start(0);
    await sleep(30);
    await task.stop();
    expect(rounds).toBe(0);
  });
});

function fail(error: Error): never {
  throw error;
}
