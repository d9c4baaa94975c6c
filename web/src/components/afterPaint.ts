// The value, one painted frame late: what the screen shows first (the diagram's voltages) is painted before the
// work that depends on this value (result tables, charts, label placement) runs. Unlike useDeferredValue, which
// React may render before the browser paints, this waits for the frame.
import { useEffect, useState } from "react";

export function useAfterPaint<T>(value: T): T {
  const [shown, setShown] = useState(value);
  useEffect(() => {
    if (shown === value) return;
    let timer = 0;
    const frame = requestAnimationFrame(() => {
      timer = window.setTimeout(() => setShown(value), 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [value]); // eslint-disable-line react-hooks/exhaustive-deps
  return shown;
}
