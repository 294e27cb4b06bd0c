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

  it('runs a round at once on a wake, without waiting for the interval', async () => {
    let rounds = 0;
    const task = new PeriodicTask(async () => (rounds++, false), fail);
    task.start(60_000);
    await task.wake();
    expect(rounds).toBe(1);
    await task.wake();
    expect(rounds).toBe(2);
    await task.stop();
  });

  it('runs one more round after the one in progress when woken during it, however many wakes came', async () => {
    let rounds = 0;
    let release!: () => void;
    const task = new PeriodicTask(async () => {
      rounds++;
      if (rounds === 1) await new Promise<void>((resolve) => (release = resolve));
      return false;
    }, fail);
    task.start(60_000);
    const first = task.wake();
    await sleep(5);
    expect(task.isRunning).toBe(true);
    // Woken during the round: these resolve only after the round that follows it.
    const during = [task.wake(), task.wake()];
    release();
    await Promise.all([first, ...during]);
    expect(rounds).toBe(2);
    expect(task.isRunning).toBe(false);
    await task.stop();
  });

  it('never loses a wake that lands while a run is ending', async () => {
    // A wake queued a few microtasks after the last round resolves lands between the run's last check
    // for wakes and its end: at every depth it must still be followed by a round.
    for (let depth = 0; depth < 8; depth++) {
      let rounds = 0;
      let wakes: Promise<void>[] = [];
      const task: PeriodicTask = new PeriodicTask(async () => {
        rounds++;
        if (rounds === 1) {
          let hop: () => void = () => void wakes.push(task.wake());
          for (let i = 0; i < depth; i++) {
            const next = hop;
            hop = () => queueMicrotask(next);
          }
          queueMicrotask(hop);
        }
        return false;
      }, fail);
      task.start(60_000);
      await task.wake();
      await Promise.all(wakes);
      await sleep(1);
      expect({ depth, rounds }).toEqual({ depth, rounds: 2 });
      await task.stop();
      wakes = [];
    }
  });

  it('runs again after a failed round when woken during it', async () => {
    const errors: string[] = [];
    let rounds = 0;
    const task = new PeriodicTask(
      async () => {
        rounds++;
        if (rounds === 1) {
          await sleep(20);
          throw new Error('broker away');
        }
        return false;
      },
      (error) => errors.push(error.message),
    );
    task.start(60_000);
    const first = task.wake();
    await sleep(5);
    await Promise.all([first, task.wake()]);
    expect(errors).toEqual(['broker away']);
    expect(rounds).toBe(2);
    await task.stop();
  });

  it('ignores wakes before start, with an interval of 0 and after stop; starts again after stop', async () => {
    let rounds = 0;
    const task = new PeriodicTask(async () => (rounds++, false), fail);
    await task.wake();
    task.start(0);
    await task.wake();
    expect(rounds).toBe(0);
    task.start(60_000);
    await task.stop();
    await task.wake();
    expect(rounds).toBe(0);
    expect(task.isStopped).toBe(true);
    task.start(60_000);
    expect(task.isStopped).toBe(false);
    await task.wake();
    expect(rounds).toBe(1);
    await task.stop();
  });
});

function fail(error: Error): never {
  throw error;
}
