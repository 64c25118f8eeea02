import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { describeIfKafka } from './kafka';

describeIfKafka('test Kafka mock cluster', (brokers) => {
  it('speaks the Kafka protocol: a message produced with acks=all is consumed by a group', async () => {
    const kafka = new Kafka({ clientId: 'harness-check', brokers, logLevel: logLevel.NOTHING });
    const topic = `harness-${randomUUID()}`;
    const producer = kafka.producer({ maxInFlightRequests: 1, idempotent: false, createPartitioner: Partitioners.DefaultPartitioner });
    const consumer = kafka.consumer({ groupId: `g-${randomUUID()}`, sessionTimeout: 6000, maxWaitTimeInMs: 100 });
    await producer.connect();
    await consumer.connect();
    try {
      await producer.send({ topic, acks: -1, messages: [{ key: 'case-1', value: 'hello' }] });
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      const received = await new Promise<string>((resolve) => {
        void consumer.run({ eachMessage: async ({ message }) => resolve(message.value!.toString()) });
      });
      expect(received).toBe('hello');
    } finally {
      await consumer.disconnect();
      await producer.disconnect();
    }
  });
});
