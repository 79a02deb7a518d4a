import { type ReactNode, useLayoutEffect } from 'react';

const refusal = () =>
  new DOMException(
    "play() failed because the user didn't interact with the document first.",
    'NotAllowedError',
  );

/**
 * Makes this page refuse media playback outside a click handler, as a browser's autoplay
 * policy does on a page the user has not interacted with, so the blocked path can be seen
 * (and tested) in a browser that would otherwise allow it:
 * - `play()` is refused unless it is called while a click is being dispatched;
 * - an element given a stream does not start by itself (its `autoplay` is turned off).
 * Everything is restored on unmount.
 */
export function SimulatedAutoplayPolicy({ children }: { children: ReactNode }) {
  useLayoutEffect(() => {
    const proto = HTMLMediaElement.prototype;
    const realPlay = proto.play;
    const srcObject = Object.getOwnPropertyDescriptor(proto, 'srcObject');
    if (!srcObject?.set || !srcObject.get) return;
    const { get, set } = srcObject;
    proto.play = function play(this: HTMLMediaElement) {
      // `window.event` is the event being dispatched right now, if any.
      if (window.event?.type === 'click') return realPlay.call(this);
      return Promise.reject(refusal());
    };
    Object.defineProperty(proto, 'srcObject', {
      ...srcObject,
      get,
      set(this: HTMLMediaElement, value: MediaProvider | null) {
        this.autoplay = false;
        set.call(this, value);
      },
    });
    return () => {
      proto.play = realPlay;
      Object.defineProperty(proto, 'srcObject', srcObject);
    };
  }, []);
  return children;
}
