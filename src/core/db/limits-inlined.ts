import {
  LimitNode,
  OffsetNode,
  SelectQueryNode,
  ValueNode,
  type KyselyPlugin,
  type OperationNode,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
} from 'kysely';

/**
 * Writes a query's `limit` and `offset` into its text instead of sending them as parameters.
 *
 * PostgreSQL plans a named prepared statement for its parameters' values for the first five executions on a
 * connection, then keeps one generic plan if that looks no dearer. A generic plan cannot know a parameter
 * limit, so the planner guesses a tenth of the rows and prices the generic plan above the custom ones: the
 * statement is then planned again on every execution, for good. Measured on the national demo (issue 16),
 * the service page's list of action plans (four counting subqueries under row-level security) spent 1.3 ms
 * planning and 0.12 ms running on every page; with its limit in the text, PostgreSQL keeps the generic
 * plan after five executions and the statement costs 0.2 ms. Only whole, non-negative numbers are written
 * in (they cannot carry anything but digits); anything else stays a parameter for PostgreSQL to check.
 */
export class LimitsInlined implements KyselyPlugin {
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    // Only the statement's own limit and offset: walking every node of every query (a transformer copies
    // them all) cost more than it saved, and subqueries' limits are rare in the app's statements.
    const { node } = args;
    if (!SelectQueryNode.is(node) || (!node.limit && !node.offset)) return node;
    return {
      ...node,
      ...(node.limit ? { limit: LimitNode.create(inlined(node.limit.limit)) } : {}),
      ...(node.offset ? { offset: OffsetNode.create(inlined(node.offset.offset)) } : {}),
    };
  }

  transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return Promise.resolve(args.result);
  }
}

function inlined(node: OperationNode): OperationNode {
  if (!ValueNode.is(node) || node.immediate) return node;
  const { value } = node;
  if ((typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) || (typeof value === 'bigint' && value >= 0n)) return ValueNode.createImmediate(value);
  return node;
}
