/** Longitude, latitude (CRS84), as in GeoJSON. */
export type Position = readonly [number, number];

/** A governorate's outline, as scripts/generate-boundaries.ts writes it. */
export interface BoundaryFeature {
  readonly type: 'Feature';
  readonly properties: {
    /** OCHA P-code, as the API's governorates. */
    readonly code: string;
    readonly name: string;
    readonly centre: Position;
  };
  readonly geometry: { readonly type: 'Polygon'; readonly coordinates: readonly (readonly Position[])[] };
}

export interface BoundaryCollection {
  readonly type: 'FeatureCollection';
  readonly source: string;
  readonly features: readonly BoundaryFeature[];
}
