import { type ReactNode, useLayoutEffect } from 'react';

/**
 * Makes this page refuse media playback outside a click handler, as a browser's autoplay
 * policy does on a page the user has not interacted with — so the blocked path can be seen
 * (and tested) in a browser that would otherwise allow it. `play()` called synchronously in a
 * click is allowed through to the real one. Restored on unmount.
 */
export function SimulatedAutoplayPolicy({ children }: { children: ReactNode }) {
  useLayoutEffect(() => {
    const proto = HTMLMediaElement.prototype;
    const realPlay = proto.play;
    proto.play = function play(this: HTMLMediaElement) {
      // `window.event` is the event being dispatched right now, if any.
      if (window.event?.type === 'click') return realPlay.call(this);
      return Promise.reject(
        new DOMException(
          "play() failed because the user didn't interact with the document first.",
          'NotAllowedError',
        ),
      );
    };
    return () => {
      proto.play = realPlay;
    };
  }, []);
  return children;
}
