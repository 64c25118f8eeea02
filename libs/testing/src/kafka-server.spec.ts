import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describeIfKafka } from './kafka';

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describeIfKafka('Kafka mock cluster lifetime', () => {
  it('is killed when the process that started it dies by SIGKILL (no teardown runs)', async () => {
    const owner = spawn(process.execPath, ['-r', join(__dirname, '..', '..', '..', 'tools', 'register.js'), join(__dirname, 'kafka-mock-owner.fixture.ts')], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const line = await new Promise<string>((resolve, reject) => {
      let out = '';
      owner.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('\n')) resolve(out.trim());
      });
      owner.on('exit', (code) => reject(new Error(`fixture exited with ${code}`)));
    });
    const [pid, brokers] = line.split(' ');
    expect(brokers.split(',')).toHaveLength(3);
    const kcatPid = Number(pid);
    expect(alive(kcatPid)).toBe(true);
    owner.kill('SIGKILL');
    // librdkafka can take a while to shut down on a loaded machine.
    const deadline = Date.now() + 30_000;
    while (alive(kcatPid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(alive(kcatPid)).toBe(false);
  });
});
