// Package softmaxtest checks the classifiers that packages store beside
// their code, trained ahead of time (softmax.TrainStored).
package softmaxtest

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// CheckStored checks that the package's models/ directory, embedded as
// stored, holds name with exactly the bytes want: the model training
// gives. With update it writes want there instead and removes the stale
// models. regenerate is the command that does so, for the failure message.
func CheckStored(t testing.TB, stored fs.FS, name string, want []byte, update bool, regenerate string) {
	t.Helper()
	if update {
		old, _ := filepath.Glob(filepath.Join("models", "*.model"))
		for _, f := range old {
			os.Remove(f)
		}
		if err := os.WriteFile(filepath.Join("models", name), want, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, err := fs.ReadFile(stored, "models/"+name)
	if err != nil {
		t.Fatalf("models/ has no classifier for this training data, so every start-up trains one; run\n\t%s", regenerate)
	}
	if string(got) != string(want) {
		t.Errorf("the stored classifier differs from the one training gives; run\n\t%s", regenerate)
	}
}
