import type { Position } from './boundary-types';

export interface Projection {
  readonly width: number;
  readonly height: number;
  /** Longitude, latitude → x, y in the SVG's user units (y downwards). */
  readonly project: (lon: number, lat: number) => readonly [number, number];
}

/**
 * An equirectangular projection scaled by the cosine of the middle latitude: at the Gaza Strip's size
 * (about 45 by 12 km) it distorts less than a pixel, and needs no library. Fits `points` into a box
 * `width` wide with `margin.x` on the left and right (room for the crossings' labels) and `margin.y` above and below; the height follows from the shape.
 */
export function fitProjection(
  points: readonly Position[],
  width: number,
  margin: { readonly x: number; readonly y: number },
): Projection {
  let minLon = Infinity;
  let maxLon = -Infinity;
  let minLat = Infinity;
  let maxLat = -Infinity;
  for (const [lon, lat] of points) {
    minLon = Math.min(minLon, lon);
    maxLon = Math.max(maxLon, lon);
    minLat = Math.min(minLat, lat);
    maxLat = Math.max(maxLat, lat);
  }
  const cos = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  const spanX = Math.max((maxLon - minLon) * cos, 1e-9);
  const spanY = Math.max(maxLat - minLat, 1e-9);
  const scale = (width - 2 * margin.x) / spanX;
  const height = Math.ceil(spanY * scale + 2 * margin.y);
  return {
    width,
    height,
    project: (lon, lat) => [margin.x + (lon - minLon) * cos * scale, margin.y + (maxLat - lat) * scale],
  };
}

/** An SVG path for closed rings, rounded to a tenth of a unit. */
export function ringsToPath(rings: readonly (readonly Position[])[], projection: Projection): string {
  return rings
    .map(
      (ring) =>
        ring
          .map(([lon, lat], i) => {
            const [x, y] = projection.project(lon, lat);
            return `${i === 0 ? 'M' : 'L'}${x.toFixed(1)} ${y.toFixed(1)}`;
          })
          .join('') + 'Z',
    )
    .join('');
}
