import java.nio.file.Files

def generated = 'target/generated-sources/dslc/com/acme/churn/ChurnNet.java'
def original = new File(basedir, 'churn/' + generated)
def copy = new File(basedir, 'churn-copy/' + generated)
def snapshot = new File(basedir, 'snapshot/generated-sources/dslc/com/acme/churn/ChurnNet.java')

// The invoker appends each build's output to build.log, in order: the original, then the copy.
def runs = new File(basedir, 'build.log').text.findAll(/dslc: .*/)
assert runs.size() == 2 : runs
assert runs[0].startsWith('dslc: generated 1, unchanged 0, removed 0 ') : runs[0]
// The state that travelled with the copy names the original's folder, so it is ignored: nothing removed.
assert runs[1].startsWith('dslc: generated 1, unchanged 0, removed 0 ') : runs[1]

// The original project's files are exactly as its own build left them.
assert original.isFile() : 'the copy build deleted the original project\'s class'
assert Arrays.equals(original.bytes, snapshot.bytes)
assert original.lastModified() == snapshot.lastModified()
['dslc/generate-default.state', 'classes/com/acme/churn/ChurnNet.class'].each {
    def file = new File(basedir, 'churn/target/' + it)
    assert Arrays.equals(file.bytes, new File(basedir, 'snapshot/' + it).bytes) : it
}

// The copy has its own class, for its own model, and its state names only its own folder.
assert original.text.contains('W1[16, 6]') && copy.text.contains('W1[8, 6]')
def copyState = new File(basedir, 'churn-copy/target/dslc/generate-default.state').text
def copyOut = new File(basedir, 'churn-copy/target/generated-sources/dslc').toPath().toAbsolutePath().normalize()
assert copyState.contains('outputDirectory=' + copyOut + '\n') : copyState
def originalFolder = new File(basedir, 'churn').toPath().toAbsolutePath().normalize().toString() + File.separator
assert !copyState.contains(originalFolder) : copyState
assert copyState.contains(' com/acme/churn/ChurnNet.java\n') : copyState
assert new File(basedir, 'churn-copy/target/classes/com/acme/churn/ChurnNet.class').isFile()
