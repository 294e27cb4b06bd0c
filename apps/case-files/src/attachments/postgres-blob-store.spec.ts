import { rechunk } from './postgres-blob-store';

async function collect(source: AsyncIterable<Buffer>): Promise<number[]> {
  const sizes: number[] = [];
  for await (const chunk of source) sizes.push(chunk.length);
  return sizes;
}

async function* pieces(...sizes: number[]): AsyncGenerator<Buffer> {
  for (const size of sizes) yield Buffer.alloc(size, 1);
}

describe('rechunk', () => {
  it('cuts pieces of any size into chunks of exactly the size, the last shorter', async () => {
    expect(await collect(rechunk(pieces(3, 9, 1, 2), 4))).toEqual([4, 4, 4, 3]);
    expect(await collect(rechunk(pieces(8), 4))).toEqual([4, 4]);
    expect(await collect(rechunk(pieces(), 4))).toEqual([]);
    expect(await collect(rechunk(Buffer.alloc(10), 4))).toEqual([4, 4, 2]);
  });

  it('keeps the bytes in order', async () => {
    async function* counting() {
      yield Buffer.from([0, 1, 2]);
      yield Buffer.from([3, 4, 5, 6, 7]);
    }
    const out: number[] = [];
    for await (const chunk of rechunk(counting(), 3)) out.push(...chunk);
    expect(out).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });
});
