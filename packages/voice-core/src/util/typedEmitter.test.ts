import { describe, expect, it } from 'vitest';
import { TypedEmitter } from './typedEmitter';

type Events = { ping: (n: number) => void; pong: (n: number) => void };

describe('TypedEmitter', () => {
  it('delivers to the handlers an emit found, whoever unsubscribes or subscribes during it', () => {
    const calls: string[] = [];
    const emitter = new TypedEmitter<Events>();
    const late = (n: number) => calls.push(`late ${n}`);
    const b = (n: number) => calls.push(`b ${n}`);
    const offB = emitter.on('ping', (n) => {
      calls.push(`a ${n}`);
      offB2();
      emitter.on('ping', late);
    });
    const offB2 = emitter.on('ping', b);
    emitter.emit('ping', 1);
    emitter.emit('ping', 2);
    expect(calls).toEqual(['a 1', 'b 1', 'a 2', 'late 2']);
    offB();
    emitter.off('ping', late);
    expect([emitter.has('ping'), emitter.listenerCount()]).toEqual([false, 0]);
  });

  it('keeps one registration per handler, as a set does', () => {
    const calls: number[] = [];
    const emitter = new TypedEmitter<Events>();
    const h = (n: number) => calls.push(n);
    emitter.on('ping', h);
    emitter.on('ping', h);
    expect(emitter.listenerCount('ping')).toBe(1);
    emitter.emit('ping', 7);
    emitter.off('ping', h);
    emitter.off('ping', h);
    emitter.emit('ping', 8);
    expect(calls).toEqual([7]);
    expect(emitter.has('ping')).toBe(false);
  });

  it("reports a handler's exception after every handler had the event, never to the emitter", () => {
    const order: string[] = [];
    const boom = new Error('boom');
    const thrower = () => {
      order.push('thrower');
      throw boom;
    };
    const emitter = new TypedEmitter<Events>((error, type, handler) => {
      order.push(`reported ${String(type)} ${error === boom} ${handler === thrower}`);
      throw new Error('the sink throws too');
    });
    emitter.on('pong', thrower);
    emitter.on('pong', () => order.push('second'));
    expect(() => emitter.emit('pong', 1)).not.toThrow();
    expect(order).toEqual(['thrower', 'second', 'reported pong true true']);
    order.length = 0;
    emitter.emitExcept('pong', 2, thrower);
    expect(order).toEqual(['second']);
  });
});
