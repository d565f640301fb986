package softmax_test

import (
	"math"
	"testing"
	"testing/fstest"

	"github.com/faqbot/faqbot/faq/softmax"
)

var data = []softmax.Example{
	{X: map[string]float64{"drive": 1, "home": 0.5}, Label: 0},
	{X: map[string]float64{"car": 1, "drive": 0.5}, Label: 0},
	{X: map[string]float64{"cost": 1}, Label: 1},
	{X: map[string]float64{"price": 1, "cost": 0.5}, Label: 1},
	{X: map[string]float64{"weather": 1}, Label: 2},
}

func predict(m *softmax.Model, x map[string]float64) []float64 {
	p := make([]float64, m.Classes())
	m.Predict(x, p)
	return p
}

func TestAStoredModelPredictsExactlyAsTrained(t *testing.T) {
	m := softmax.Train(3, data)
	b, err := m.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var back softmax.Model
	if err := back.UnmarshalBinary(b); err != nil {
		t.Fatal(err)
	}
	for _, x := range []map[string]float64{{"drive": 1}, {"cost": 0.3, "car": 2}, {"unknown": 1}, {}} {
		want, got := predict(m, x), predict(&back, x)
		for i := range want {
			// Predict sums a map's features in its random order: the
			// last bits may differ from call to call.
			if math.Abs(want[i]-got[i]) > 1e-12 {
				t.Errorf("%v: stored model gives %v, trained %v", x, got, want)
				break
			}
		}
	}
	for _, bad := range [][]byte{nil, []byte("nonsense"), b[:len(b)-3], append(append([]byte(nil), b...), 0)} {
		var m softmax.Model
		if err := m.UnmarshalBinary(bad); err == nil {
			t.Errorf("UnmarshalBinary accepted %d bytes of a damaged file", len(bad))
		}
	}
}

func TestTrainStoredUsesTheFileOnlyForTheSameExamples(t *testing.T) {
	// Store, under this data's name, a model trained on other data: if
	// TrainStored returns its predictions, it read the file.
	other := softmax.Train(3, []softmax.Example{{X: map[string]float64{"drive": 1}, Label: 2}})
	b, _ := other.MarshalBinary()
	dir := fstest.MapFS{softmax.FileName(3, data): {Data: b}}
	if got := predict(trainStored(3, data, dir), map[string]float64{"drive": 1}); got[2] < got[0] {
		t.Errorf("TrainStored trained although a stored model was there: %v", got)
	}

	changed := append([]softmax.Example{{X: map[string]float64{"bus": 1}, Label: 0}}, data...)
	if softmax.FileName(3, changed) == softmax.FileName(3, data) {
		t.Fatal("different examples share a fingerprint")
	}
	if got := predict(trainStored(3, changed, dir), map[string]float64{"drive": 1}); got[0] < got[2] {
		t.Errorf("TrainStored used a model stored for other examples: %v", got)
	}
	damaged := fstest.MapFS{softmax.FileName(3, data): {Data: []byte("garbage")}}
	if got := predict(trainStored(3, data, damaged), map[string]float64{"drive": 1}); got[0] < got[2] {
		t.Errorf("TrainStored used a damaged file: %v", got)
	}
}

func trainStored(k int, data []softmax.Example, dir fstest.MapFS) *softmax.Model {
	m, _ := softmax.TrainStored(k, data, dir)
	return m
}

// FuzzUnmarshalBinary feeds damaged model files to the decoder: it may
// refuse them but must never panic, and what it accepts predicts.
func FuzzUnmarshalBinary(f *testing.F) {
	b, err := softmax.Train(3, data).MarshalBinary()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Add(b[:40])
	f.Fuzz(func(t *testing.T, b []byte) {
		var m softmax.Model
		if m.UnmarshalBinary(b) == nil {
			predict(&m, map[string]float64{"drive": 1})
		}
	})
}
