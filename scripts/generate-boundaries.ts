// Generates web/src/map/gaza-boundaries.generated.ts, the outlines the portal's map draws, from the
// OCHA COD-AB admin2 polygons in ../shared/data (read by path, never copied into the repository).
//
//   node --import tsx scripts/generate-boundaries.ts [path/to/admin2.geojson] [tolerance in degrees]
//
// Each Gaza governorate (P-codes PS0255…PS0275) is simplified with Douglas–Peucker (our own code,
// below) and its coordinates are rounded to 4 decimals (about 11 m), so the map ships as a few KB of
// GeoJSON and needs no tile server.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { format } from 'prettier';

type Position = [number, number];
type Ring = Position[];

interface SourceFeature {
  properties: Record<string, unknown>;
  geometry: { type: 'Polygon'; coordinates: Ring[] } | { type: 'MultiPolygon'; coordinates: Ring[][] };
}

export const GAZA_PCODES = ['PS0255', 'PS0260', 'PS0265', 'PS0270', 'PS0275'] as const;
const DEFAULT_SOURCE = fileURLToPath(
  new URL('../../shared/data/boundaries/ocha-cod-ab-pse/admin2.geojson', import.meta.url),
);
const TARGET = fileURLToPath(new URL('../web/src/map/gaza-boundaries.generated.ts', import.meta.url));

/** Distance from `p` to the segment a–b, in the units of the coordinates (planar, fine at this scale). */
function segmentDistance(p: Position, a: Position, b: Position): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const lengthSquared = dx * dx + dy * dy;
  const t =
    lengthSquared === 0
      ? 0
      : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / lengthSquared));
  return Math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy));
}

/**
 * Douglas–Peucker: keeps the end points, and recursively the point farthest from the chord while it
 * is farther than `tolerance`. Iterative, so long rings cannot overflow the stack.
 */
export function douglasPeucker(points: readonly Position[], tolerance: number): Position[] {
  if (points.length <= 2) return [...points];
  const keep = new Uint8Array(points.length);
  keep[0] = 1;
  keep[points.length - 1] = 1;
  const stack: Array<[number, number]> = [[0, points.length - 1]];
  while (stack.length > 0) {
    const [first, last] = stack.pop()!;
    let farthest = -1;
    let distance = tolerance;
    for (let i = first + 1; i < last; i++) {
      const d = segmentDistance(points[i]!, points[first]!, points[last]!);
      if (d > distance) {
        distance = d;
        farthest = i;
      }
    }
    if (farthest !== -1) {
      keep[farthest] = 1;
      stack.push([first, farthest], [farthest, last]);
    }
  }
  return points.filter((_, i) => keep[i] === 1);
}

/** A closed ring simplified: split at its farthest point so both halves keep their ends. */
export function simplifyRing(ring: Ring, tolerance: number): Ring {
  const open = ring.slice(0, -1);
  if (open.length < 4) return ring;
  const start = open[0]!;
  let split = 1;
  for (let i = 1; i < open.length; i++) {
    if (
      Math.hypot(open[i]![0] - start[0], open[i]![1] - start[1]) >
      Math.hypot(open[split]![0] - start[0], open[split]![1] - start[1])
    )
      split = i;
  }
  const first = douglasPeucker(open.slice(0, split + 1), tolerance);
  const second = douglasPeucker([...open.slice(split), start], tolerance);
  const simplified = [...first, ...second.slice(1)];
  return simplified.map(([x, y]) => [round(x), round(y)] as Position);
}

const round = (value: number): number => Math.round(value * 1e4) / 1e4;

function largestPolygon(feature: SourceFeature): Ring[] {
  if (feature.geometry.type === 'Polygon') return feature.geometry.coordinates;
  // A governorate's small islands and slivers are below the map's resolution: keep its main body.
  const area = (ring: Ring) =>
    Math.abs(
      ring.reduce((sum, [x, y], i) => {
        const [nx, ny] = ring[(i + 1) % ring.length]!;
        return sum + x * ny - nx * y;
      }, 0),
    );
  return [...feature.geometry.coordinates].sort((a, b) => area(b[0]!) - area(a[0]!))[0]!;
}

export function generateBoundaries(source: string, tolerance: number): string {
  const collection = JSON.parse(readFileSync(source, 'utf8')) as { features: SourceFeature[] };
  const features = GAZA_PCODES.map((code) => {
    const feature = collection.features.find((f) => f.properties.adm2_pcode === code);
    if (feature === undefined) throw new Error(`${source} has no feature with adm2_pcode ${code}`);
    const outer = largestPolygon(feature)[0]!;
    return {
      type: 'Feature' as const,
      properties: {
        code,
        name: String(feature.properties.adm2_name),
        centre: [round(Number(feature.properties.center_lon)), round(Number(feature.properties.center_lat))],
      },
      geometry: { type: 'Polygon' as const, coordinates: [simplifyRing(outer, tolerance)] },
    };
  });
  const validOn = String(collection.features[0]?.properties.valid_on ?? 'unknown');
  const geojson = {
    type: 'FeatureCollection',
    // GeoJSON foreign member (RFC 7946 §6.1): where the outlines come from, for anyone who copies them.
    source: `OCHA COD-AB State of Palestine admin2 (valid on ${validOn}, v01), CC BY-IGO; simplified by scripts/generate-boundaries.ts`,
    features,
  };
  return `// Generated by scripts/generate-boundaries.ts — do not edit; run it again instead.
// Source: OCHA Common Operational Dataset, administrative boundaries (COD-AB) for the State of
// Palestine, admin2, valid on ${validOn}, version v01, as provided in ../shared/data/boundaries/
// ocha-cod-ab-pse/admin2.geojson. Licence: CC BY-IGO (as listed by HDX); attribution: OCHA.
// Simplified with Douglas–Peucker at a tolerance of ${tolerance}° and rounded to 4 decimals: the map's
// outlines only, not a survey. Coordinates are longitude, latitude (CRS84).
import type { BoundaryCollection } from './boundary-types';

export const gazaBoundaries: BoundaryCollection = ${JSON.stringify(geojson)};
`;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const source = process.argv[2] ?? DEFAULT_SOURCE;
  const tolerance = Number(process.argv[3] ?? '0.0006');
  // Formatted as the rest of the repository, so `prettier --check` passes on the generated file.
  const text = await format(generateBoundaries(source, tolerance), { filepath: TARGET });
  writeFileSync(TARGET, text);
  console.log(`wrote ${TARGET} (${text.length} bytes)`);
}
