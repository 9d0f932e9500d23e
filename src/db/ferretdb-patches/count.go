// Added to FerretDB's handler by Job Tracker for Teams' build (src/db/ferretdb.ts).

package handler

import (
	"context"
	"math"
	"strings"

	"github.com/FerretDB/FerretDB/internal/types"
	"github.com/FerretDB/FerretDB/internal/util/iterator"
	"github.com/FerretDB/FerretDB/internal/util/lazyerrors"
	"github.com/FerretDB/FerretDB/internal/util/must"
)

// processCountingStagesDocuments is processStagesDocuments for a pipeline that only counts what its $match
// stage matches, as the drivers' countDocuments sends it: the backend is asked for the number alone, which it
// gives when it can apply the whole filter itself, without reading a document. Otherwise the stages run on
// the documents it returns, as usual.
func processCountingStagesDocuments(ctx context.Context, closer *iterator.MultiCloser, p *stagesDocumentsParams, pipeline []any) (types.DocumentsIterator, error) { //nolint:lll // for readability
	match, groupID, field, ok := countingPipeline(pipeline)
	if !ok || match.Len() != p.qp.Filter.Len() || p.qp.Sort.Len() != 0 || p.qp.Limit != 0 {
		return processStagesDocuments(ctx, closer, p)
	}

	qp := *p.qp
	qp.OnlyCount = true

	queryRes, err := p.c.Query(ctx, &qp)
	if err != nil {
		closer.Close()
		return nil, lazyerrors.Error(err)
	}

	closer.Add(queryRes.Iter)

	if !queryRes.Counted {
		iter := queryRes.Iter

		for _, s := range p.stages {
			if iter, err = s.Process(ctx, iter, closer); err != nil {
				return nil, err
			}
		}

		return iter, nil
	}

	var docs []*types.Document

	if queryRes.Count > 0 {
		var n any = queryRes.Count
		if queryRes.Count <= math.MaxInt32 {
			n = int32(queryRes.Count)
		}

		docs = append(docs, must.NotFail(types.NewDocument("_id", groupID, field, n)))
	}

	return iterator.Values(iterator.ForSlice(docs)), nil
}

// countingPipeline recognises `[{$match: <filter>}, {$group: {_id: <constant>, <field>: {$sum: 1}}}]`.
func countingPipeline(pipeline []any) (match *types.Document, groupID any, field string, ok bool) {
	if len(pipeline) != 2 {
		return nil, nil, "", false
	}

	matchStage, _ := pipeline[0].(*types.Document)
	groupStage, _ := pipeline[1].(*types.Document)

	if matchStage == nil || groupStage == nil || matchStage.Len() != 1 || groupStage.Len() != 1 {
		return nil, nil, "", false
	}

	match, _ = must.NotFail(matchStage.Get(matchStage.Keys()[0])).(*types.Document)
	group, _ := must.NotFail(groupStage.Get(groupStage.Keys()[0])).(*types.Document)

	if matchStage.Keys()[0] != "$match" || groupStage.Keys()[0] != "$group" || match == nil || group == nil {
		return nil, nil, "", false
	}

	if group.Len() != 2 || group.Keys()[0] != "_id" {
		return nil, nil, "", false
	}

	groupID = must.NotFail(group.Get("_id"))

	switch id := groupID.(type) {
	case int32, int64, float64, types.NullType:
	case string:
		if strings.HasPrefix(id, "$") {
			return nil, nil, "", false // a field path, not a constant
		}
	default:
		return nil, nil, "", false
	}

	field = group.Keys()[1]
	sum, _ := must.NotFail(group.Get(field)).(*types.Document)

	if sum == nil || sum.Len() != 1 || sum.Keys()[0] != "$sum" {
		return nil, nil, "", false
	}

	switch one := must.NotFail(sum.Get("$sum")).(type) {
	case int32:
		ok = one == 1
	case int64:
		ok = one == 1
	case float64:
		ok = one == 1
	}

	return match, groupID, field, ok
}
