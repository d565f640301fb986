package softmax

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"io/fs"
	"math"
	"slices"
)

// Training takes most of a start-up, so a model trained ahead of time can
// be shipped beside the code: a file named for the fingerprint of what it
// was trained on. TrainStored uses it when the examples are the same, and
// trains otherwise, so a stale or missing file costs time, never a wrong
// model.

// Fingerprint identifies a training run: the number of classes, the
// training settings and every example in order. Train gives the same
// model for the same fingerprint.
func Fingerprint(k int, data []Example) string {
	h := sha256.New()
	var buf [8]byte
	num := func(v uint64) {
		binary.LittleEndian.PutUint64(buf[:], v)
		h.Write(buf[:])
	}
	h.Write([]byte("softmax v2"))
	num(uint64(k))
	num(trainEpochs)
	num(math.Float64bits(learnRate))
	num(math.Float64bits(l2))
	num(uint64(len(data)))
	for _, ex := range data {
		// An example's features form a set: they are summed by a hash
		// each, in any order, rather than sorted.
		var sum, sum2 uint64
		for f, v := range ex.X {
			binary.LittleEndian.PutUint64(buf[:], math.Float64bits(v))
			x := fnv64a(fnv64a(fnvOffset, f), string(buf[:]))
			sum += x
			sum2 += x * (x | 1)
		}
		num(uint64(ex.Label))
		num(uint64(len(ex.X)))
		num(sum)
		num(sum2)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// FNV-1a, as hash/fnv computes it, without a hash.Hash per feature: the
// fingerprint is taken at every start-up.
const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

func fnv64a(h uint64, s string) uint64 {
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= fnvPrime
	}
	return h
}

// FileName is the name under which the model trained on data is stored.
func FileName(k int, data []Example) string { return Fingerprint(k, data) + ".model" }

// TrainStored returns the model stored in dir under the fingerprint of
// k and data, or trains one when there is none or it cannot be read. name
// is the file the model is, or would be, stored under.
func TrainStored(k int, data []Example, dir fs.FS) (m *Model, name string) {
	name = FileName(k, data)
	if m, ok := Stored(dir, name, k); ok {
		return m, name
	}
	return Train(k, data), name
}

// Stored returns the model with k classes stored in dir under name, if
// there is one that reads. The caller vouches that name identifies the
// training data, as FileName does.
func Stored(dir fs.FS, name string, k int) (*Model, bool) {
	if dir == nil {
		return nil, false
	}
	b, err := fs.ReadFile(dir, name)
	if err != nil {
		return nil, false
	}
	var m Model
	if err := m.UnmarshalBinary(b); err != nil || m.k != k {
		return nil, false
	}
	return &m, true
}

const magic = "faqbot softmax 1\n"

// MarshalBinary encodes the model: its classes, its features in row
// order, then the weights and biases as IEEE 754 bits, so that a decoded
// model predicts exactly as the encoded one.
func (c *Model) MarshalBinary() ([]byte, error) {
	names := make([]string, len(c.feature))
	for f, row := range c.feature {
		names[row] = f
	}
	var b bytes.Buffer
	b.WriteString(magic)
	b.Write(binary.AppendUvarint(nil, uint64(c.k)))
	b.Write(binary.AppendUvarint(nil, uint64(len(names))))
	for _, f := range names {
		b.Write(binary.AppendUvarint(nil, uint64(len(f))))
		b.WriteString(f)
	}
	for _, v := range slices.Concat(c.w, c.bias) {
		b.Write(binary.LittleEndian.AppendUint64(nil, math.Float64bits(v)))
	}
	return b.Bytes(), nil
}

// UnmarshalBinary decodes a model written by MarshalBinary.
func (c *Model) UnmarshalBinary(data []byte) error {
	rest, ok := bytes.CutPrefix(data, []byte(magic))
	if !ok {
		return errors.New("softmax: not a model file")
	}
	uvarint := func() (uint64, bool) {
		v, n := binary.Uvarint(rest)
		if n <= 0 {
			return 0, false
		}
		rest = rest[n:]
		return v, true
	}
	k, ok := uvarint()
	if !ok || k == 0 || k > 1<<16 {
		return errors.New("softmax: bad class count")
	}
	n, ok := uvarint()
	if !ok || n > uint64(len(rest)) {
		return errors.New("softmax: bad feature count")
	}
	feature := make(map[string]int, n)
	for row := range int(n) {
		l, ok := uvarint()
		if !ok || l > uint64(len(rest)) {
			return errors.New("softmax: bad feature name")
		}
		feature[string(rest[:l])] = row
		rest = rest[l:]
	}
	if uint64(len(rest)) != (n+1)*k*8 { // no overflow: n < len(data), k ≤ 1<<16
		return errors.New("softmax: weights do not match the header")
	}
	vals := make([]float64, (n+1)*k)
	for i := range vals {
		vals[i] = math.Float64frombits(binary.LittleEndian.Uint64(rest[8*i:]))
	}
	*c = Model{k: int(k), feature: feature, w: vals[: n*k : n*k], bias: vals[n*k:]}
	return nil
}
