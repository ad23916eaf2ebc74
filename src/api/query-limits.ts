// Query depth and complexity limits: a client cannot ask for unbounded work.
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, getNullableType, isListType, type GraphQLSchema } from 'graphql';
import depthLimit from 'graphql-depth-limit';
import { getComplexity, simpleEstimator, type ComplexityEstimator } from 'graphql-query-complexity';

export { depthLimit };

/** Assumed length of a list without `first` (a device's links, a path's hops). */
const UNPAGED_LIST_FANOUT = 10;

/** Pages cost their children `first` times, other lists UNPAGED_LIST_FANOUT times: lists multiply the work. */
const listEstimator: ComplexityEstimator = ({ args, field, childComplexity }) => {
  if (typeof args.first === 'number') return 1 + childComplexity * Math.max(1, args.first);
  if (isListType(getNullableType(field.type))) return 1 + childComplexity * UNPAGED_LIST_FANOUT;
  return undefined;
};

export function complexityLimitPlugin(schema: GraphQLSchema, maxComplexity: number): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          const complexity = getComplexity({
            schema,
            query: document,
            variables: request.variables ?? {},
            ...(request.operationName ? { operationName: request.operationName } : {}),
            estimators: [listEstimator, simpleEstimator({ defaultComplexity: 1 })],
          });
          if (complexity > maxComplexity) {
            throw new GraphQLError(`query is too complex: ${complexity} > ${maxComplexity} (ask for smaller pages or fewer nested fields)`, {
              extensions: { code: 'QUERY_TOO_COMPLEX', complexity, maxComplexity },
            });
          }
        },
      };
    },
  };
}
