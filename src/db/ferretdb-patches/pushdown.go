// Added to FerretDB's SQLite backend by Job Tracker for Teams' build (src/db/ferretdb.ts).

package sqlite

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/FerretDB/FerretDB/internal/backends/sqlite/metadata"
	"github.com/FerretDB/FerretDB/internal/handler/sjson"
	"github.com/FerretDB/FerretDB/internal/types"
	"github.com/FerretDB/FerretDB/internal/util/fsql"
	"github.com/FerretDB/FerretDB/internal/util/lazyerrors"
	"github.com/FerretDB/FerretDB/internal/util/must"
)

// prepareWhereClause hands the filter's top-level equalities to SQLite: `_id` equal to a string or an
// ObjectID or `$in` a list of them, and any other plain field equal to a string. Each is written on the
// expression FerretDB indexes (`_ferretdb_sjson->"field"`, the value's JSON text), so SQLite searches an
// index that starts with the field instead of reading the table. MongoDB's equality also matches an array holding the value, which an
// index on the JSON text cannot see, so every array in the field passes too: its JSON text starts with `[`,
// a range of the same index, unless `arrayFree` says the field holds none. The condition may thus match more
// documents than the filter; the handler filters what it gets again, as it always does. The filter is
// applied entirely only when it is a single `_id` equality, which `exact` reports.
func prepareWhereClause(filter *types.Document, arrayFree map[string]bool) (whereClause string, args []any, exact bool) {
	fields := filter.Map()
	if len(fields) == 0 || len(fields) != filter.Len() {
		return "", nil, false // nothing to hand down, or a key given twice: the handler alone decides
	}

	var conditions []string

	for _, key := range filter.Keys() {
		value := fields[key]

		switch {
		case key == "_id":
			switch value := value.(type) {
			case string, types.ObjectID:
				conditions = append(conditions, fmt.Sprintf(`%s = ?`, metadata.IDColumn))
				args = append(args, string(must.NotFail(sjson.MarshalSingleValue(value))))
			case *types.Document:
				if ids := idsIn(value); len(ids) > 0 {
					conditions = append(conditions, fmt.Sprintf(`%s IN (?%s)`, metadata.IDColumn, strings.Repeat(`, ?`, len(ids)-1)))
					args = append(args, ids...)
				}
			}

		case metadata.PlainField.MatchString(key):
			if _, ok := value.(string); ok {
				condition := `(%[1]s = ? OR (%[1]s >= '[' AND %[1]s < '\'))`
				if arrayFree[key] {
					condition = `%[1]s = ?`
				}

				conditions = append(conditions, fmt.Sprintf(condition, jsonOf(key)))
				args = append(args, string(must.NotFail(sjson.MarshalSingleValue(value))))
			}
		}
	}

	if len(conditions) == 0 {
		return "", nil, false
	}

	whereClause = ` WHERE ` + conditions[0]
	for _, c := range conditions[1:] {
		whereClause += ` AND ` + c
	}

	switch fields["_id"].(type) {
	case string, types.ObjectID:
		exact = len(fields) == 1
	}

	return whereClause, args, exact
}

// idsIn returns the JSON texts of the strings and ObjectIDs of `{$in: [...]}`, or nothing when the operator
// is another or a value is of another type (the handler alone then decides).
func idsIn(operator *types.Document) []any {
	if operator.Len() != 1 {
		return nil
	}

	list, ok := must.NotFail(operator.Get(operator.Keys()[0])).(*types.Array)
	if operator.Keys()[0] != "$in" || !ok || list.Len() == 0 || list.Len() > 500 {
		return nil
	}

	ids := make([]any, 0, list.Len())

	for i := 0; i < list.Len(); i++ {
		switch v := must.NotFail(list.Get(i)).(type) {
		case string, types.ObjectID:
			ids = append(ids, string(must.NotFail(sjson.MarshalSingleValue(v))))
		default:
			return nil
		}
	}

	return ids
}

// arrayFreeFields returns the fields of a filter's top-level string equalities that no document of the table
// holds an array in. Only fields that begin one of the collection's indexes are looked at, since there the
// look is a search of the index for the range of JSON texts arrays have. Knowing that, an equality is a
// single range of the index, which SQLite can then read in the order of the index's next field.
//
// This is a statement of its own: a write between it and the query that puts an array holding the value into
// a field can be missed by that query, as MongoDB's queries can miss a document that an update moves while
// they run.
func arrayFreeFields(ctx context.Context, db *fsql.DB, table string, indexes []metadata.IndexInfo, filter *types.Document) (map[string]bool, error) {
	arrayFree := map[string]bool{}

	for _, key := range filter.Keys() {
		if _, isString := must.NotFail(filter.Get(key)).(string); !isString || key == "_id" || !metadata.PlainField.MatchString(key) {
			continue
		}

		if !slices.ContainsFunc(indexes, func(index metadata.IndexInfo) bool { return index.Key[0].Field == key }) {
			continue
		}

		var found bool
		q := fmt.Sprintf(`SELECT EXISTS (SELECT 1 FROM %q WHERE %[2]s >= '[' AND %[2]s < '\')`, table, jsonOf(key))

		if err := db.QueryRowContext(ctx, q).Scan(&found); err != nil {
			return nil, lazyerrors.Error(err)
		}

		arrayFree[key] = !found
	}

	return arrayFree, nil
}

// sortRanks are the types whose order SQLite's comparison of the field's value gives as MongoDB's does,
// each with its rank in MongoDB's order of types: null (and a missing field), numbers, strings, ObjectIDs,
// booleans, dates (`date13` is a date too, see metadata.TypeColumn). Arrays and documents, which MongoDB
// sorts by an element, are not among them.
var sortRanks = map[string]int{"null": 1, "int": 2, "long": 2, "double": 2, "string": 3, "objectId": 7, "bool": 8, "date": 9, "date13": 9}

// sortRankExpressions returns SQL giving a document's rank by the type of `typ` (missing ranks as null), and
// the list of the sortable types.
func sortRankExpressions(typ string) (rank, sortable string) {
	names := make([]string, 0, len(sortRanks))
	for name := range sortRanks {
		names = append(names, name)
	}

	slices.Sort(names)

	var cases, quoted []string
	for _, name := range names {
		cases = append(cases, fmt.Sprintf(`WHEN '%s' THEN %d`, name, sortRanks[name]))
		quoted = append(quoted, `'`+name+`'`)
	}

	return fmt.Sprintf(`CASE %s %s ELSE 1 END`, typ, strings.Join(cases, ` `)), strings.Join(quoted, `, `)
}

// prepareSortedOrderBy returns what follows whereClause (a condition and an ORDER BY clause) to give the
// documents matching it in the order in which MongoDB sorts them by `sort`, a single top-level field, and
// true; or false when it cannot: another kind of sort, or a matching document holding in that field a value
// of a type not in sortRanks. The handler then still filters what it gets, but stops reading once it has
// skipped and limited.
//
// When every matching document holds a date of 13 digits in the field (`date13`), the order of the field's
// JSON text is the order of the dates. The clause is then on that text, the expression FerretDB's indexes
// hold, so an index that begins with the filter's fields and goes on with this one is read in order, and
// SQLite stops at the limit instead of sorting. The checks are answered from such an index alone, since this
// build's indexes also hold their fields' types.
func prepareSortedOrderBy(ctx context.Context, db *fsql.DB, table, whereClause string, args []any, sort *types.Document) (string, bool, error) {
	if sort.Len() != 1 || !metadata.PlainField.MatchString(sort.Keys()[0]) {
		return "", false, nil
	}

	key := sort.Keys()[0]

	var direction string

	switch must.NotFail(sort.Get(key)) {
	case int64(1):
	case int64(-1):
		direction = " DESC"
	default:
		return "", false, nil
	}

	typ := metadata.TypeColumn(key)

	// The condition added to whereClause: `condition` too.
	and := func(condition string) string {
		if whereClause == "" {
			return ` WHERE (` + condition + `)`
		}

		return ` AND (` + condition + `)`
	}

	// Whether any matching document holds in the field what `ordinary` rules out.
	anyOther := func(ordinary string) (bool, error) {
		q := fmt.Sprintf(`SELECT EXISTS (SELECT 1 FROM %q%s%s)`, table, whereClause, and(`NOT (`+ordinary+`)`))

		var found bool
		if err := db.QueryRowContext(ctx, q, args...).Scan(&found); err != nil {
			return false, lazyerrors.Error(err)
		}

		return found, nil
	}

	// The checks and the query are separate statements: the query repeats its check as a condition, so a
	// document that a write in between makes unsortable is left out, as MongoDB's queries may miss a document
	// that an update moves while they run, instead of coming back out of order.
	dates := typ + ` IS 'date13'`

	otherThanDates, err := anyOther(dates)
	if err != nil {
		return "", false, err
	}

	if !otherThanDates {
		return and(dates) + fmt.Sprintf(` ORDER BY %s%s`, jsonOf(key), direction), true, nil
	}

	rank, sortable := sortRankExpressions(typ)
	sortableTypes := fmt.Sprintf(`%[1]s IS NULL OR %[1]s IN (%[2]s)`, typ, sortable)

	unsortable, err := anyOther(sortableTypes)
	if err != nil || unsortable {
		return "", false, err
	}

	value := fmt.Sprintf(`%s->>'%s'`, metadata.DefaultColumn, key)

	return and(sortableTypes) + fmt.Sprintf(` ORDER BY %[1]s%[3]s, %[2]s%[3]s, rowid`, rank, value, direction), true, nil
}

// countExactly counts the documents matching filter in SQLite alone, when the filter consists of top-level
// equalities on strings (or is empty), which it can apply exactly; otherwise it reports false.
func countExactly(ctx context.Context, db *fsql.DB, table string, filter *types.Document, arrayFree map[string]bool) (int64, bool, error) {
	whereClause, args, ok := prepareExactWhereClause(filter, arrayFree)
	if !ok {
		return 0, false, nil
	}

	var n int64
	if err := db.QueryRowContext(ctx, fmt.Sprintf(`SELECT COUNT(*) FROM %q%s`, table, whereClause), args...).Scan(&n); err != nil {
		return 0, false, lazyerrors.Error(err)
	}

	return n, true, nil
}

// prepareExactWhereClause writes a filter of top-level equalities on strings as a condition that matches
// exactly what MongoDB matches: the field's value is that string (a string, not an ObjectID, binary data or
// regular expression, which are stored as JSON strings too), or an array holding it as a top-level element
// (unless `arrayFree` says the field holds no array). Any other filter reports false.
func prepareExactWhereClause(filter *types.Document, arrayFree map[string]bool) (whereClause string, args []any, ok bool) {
	fields := filter.Map()
	if len(fields) != filter.Len() {
		return "", nil, false
	}

	var conditions []string

	for _, key := range filter.Keys() {
		s, isString := fields[key].(string)
		if !isString || !metadata.PlainField.MatchString(key) {
			return "", nil, false
		}

		jsonText := string(must.NotFail(sjson.MarshalSingleValue(s)))
		typ := metadata.TypeColumn(key)

		if key == "_id" || arrayFree[key] {
			conditions = append(conditions, fmt.Sprintf(`(%s = ? AND %s = 'string')`, jsonOf(key), typ))
			args = append(args, jsonText)

			continue
		}

		conditions = append(conditions, fmt.Sprintf(
			`((%[4]s = ? AND %[3]s = 'string') OR (%[4]s >= '[' AND %[4]s < '\' AND EXISTS (`+
				`SELECT 1 FROM json_each(%[1]s, '$.%[2]s') AS e WHERE e.type = 'text' AND e.value = ? `+
				`AND %[1]s->>('$."$s".p.%[2]s.i[' || e.key || '].t') = 'string')))`,
			metadata.DefaultColumn, key, typ, jsonOf(key),
		))
		args = append(args, jsonText, s)
	}

	if len(conditions) > 0 {
		whereClause = ` WHERE ` + strings.Join(conditions, ` AND `)
	}

	return whereClause, args, true
}

// jsonOf returns SQL giving a top-level field's value as JSON text, the expression FerretDB's indexes are on.
func jsonOf(key string) string {
	return fmt.Sprintf(`%s->'%s'`, metadata.DefaultColumn, key)
}
